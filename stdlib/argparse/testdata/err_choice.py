# argv: fast
import argparse
parser = argparse.ArgumentParser(prog="client")
parser.add_argument("mode", choices=["tcp", "udp"], help="transport")
args = parser.parse_args()
print("not reached")
