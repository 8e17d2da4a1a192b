# Seed 000 client.py, Python 3. argv[1]: seconds to sleep (seed: 2), argv[2]: message (seed: 1).
if __name__ == '__main__':
    import socket
    import sys
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect(('localhost', 8001))
    import time
    time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 2)
    sock.send((sys.argv[2] if len(sys.argv) > 2 else '1').encode())
    print(sock.recv(1024).decode())
    sock.close()
