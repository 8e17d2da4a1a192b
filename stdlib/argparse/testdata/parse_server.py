# argv: 127.0.0.1 -p 9000 -v --mode upper
import argparse
parser = argparse.ArgumentParser(description="echo server")
parser.add_argument("host", help="the interface to bind to")
parser.add_argument("-p", "--port", type=int, default=8080, help="TCP port")
parser.add_argument("-v", "--verbose", action="store_true", help="print every message")
parser.add_argument("--mode", choices=["echo", "upper"], default="echo")
args = parser.parse_args()
print(args)
print(args.host, args.port, args.verbose, args.mode)
print(type(args.port), type(args))
