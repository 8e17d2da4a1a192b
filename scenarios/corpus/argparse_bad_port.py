# An argparse front end given a bad option: usage and error on stderr, exit status 2.
# argv: --port eighty --verbose
import argparse
import socket


def main():
    parser = argparse.ArgumentParser(prog="client", description="Connect to a server and say hello.")
    parser.add_argument("--host", default="127.0.0.1", help="server address (default: %(default)s)")
    parser.add_argument("--port", type=int, required=True, help="server port")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    with socket.create_connection((args.host, args.port)) as s:
        s.sendall(b"hello")
    print("sent")


main()
