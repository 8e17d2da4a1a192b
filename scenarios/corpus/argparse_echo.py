# An echo client/server pair behind an argparse command line.
# argv: --count 3 --upper hello sockets
import argparse
import socket
import threading


def parse_args():
    parser = argparse.ArgumentParser(description="Echo words through a local TCP server.")
    parser.add_argument("words", nargs="+", help="words to send")
    parser.add_argument("-c", "--count", type=int, default=1, help="times to send each word")
    parser.add_argument("--upper", action="store_true", help="server answers in upper case")
    parser.add_argument("--host", default="127.0.0.1")
    return parser.parse_args()


def run_server(sock, upper):
    conn, _ = sock.accept()
    with conn:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(data.upper() if upper else data)


def main():
    args = parse_args()
    print("args:", vars(args))
    listener = socket.socket()
    listener.bind((args.host, 0))
    listener.listen(1)
    t = threading.Thread(target=run_server, args=(listener, args.upper))
    t.start()
    with socket.create_connection(listener.getsockname()) as s:
        for word in args.words:
            for i in range(args.count):
                s.sendall(word.encode())
                print("%d: %s" % (i + 1, s.recv(1024).decode()))
    t.join()
    listener.close()


if __name__ == "__main__":
    main()
