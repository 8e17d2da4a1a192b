# argv: -h
import argparse
parser = argparse.ArgumentParser(description="Send a file to a server over TCP, with retries and a progress bar.", epilog="See the tutorial for details.")
parser.add_argument("server", help="host name or address of the server")
parser.add_argument("files", nargs="+", metavar="FILE", help="files to send")
parser.add_argument("-p", "--port", type=int, default=9000, help="port (default: %(default)s)")
parser.add_argument("-r", "--retries", type=int, default=3, help="how many times to retry a failed connection before giving up")
parser.add_argument("--chunk-size", type=int, default=4096)
parser.add_argument("--very-long-option-name-here", metavar="VALUE", help="an option whose invocation is wider than the help column")
parser.parse_args()
