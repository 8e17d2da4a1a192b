# argv: --version
import argparse
parser = argparse.ArgumentParser(prog="chat")
parser.add_argument("--version", action="version", version="%(prog)s 2.0")
parser.parse_args()
print("not reached")
