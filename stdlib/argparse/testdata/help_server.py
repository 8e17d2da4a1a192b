# argv: --help
import argparse
parser = argparse.ArgumentParser(description="A simple TCP echo server that listens on a port and echoes back whatever a client sends, line by line.")
parser.add_argument("host", help="the interface to bind to")
parser.add_argument("-p", "--port", type=int, default=8080, help="TCP port to listen on (default: %(default)s)")
parser.add_argument("-v", "--verbose", action="store_true", help="print every message")
parser.add_argument("--mode", choices=["echo", "upper"], default="echo")
parser.add_argument("--timeout", type=float, metavar="SECS", help="close idle connections after SECS seconds; a non-blocking socket is used when this is zero")
args = parser.parse_args()
print("not reached")
