# Seed 000 server.py, Python 3. argv[1]: the per-connection timeout (seed: 5 s).
if __name__ == '__main__':
    import socket
    import sys
    timeout = float(sys.argv[1]) if len(sys.argv) > 1 else 5
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(('localhost', 8001))
    sock.listen(5)
    while True:
        connection,address = sock.accept()
        try:
            connection.settimeout(timeout)
            buf = connection.recv(1024)
            if buf == b'1':
                connection.send(b'welcome to server!')
            else:
                connection.send(b'please go out!')
        except socket.timeout:
            print('time out')
        connection.close()
