# argv: --p 80
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int)
parser.add_argument("--proto")
print(parser.parse_args(["--por", "8", "--prot", "udp"]))
parser.parse_args()
