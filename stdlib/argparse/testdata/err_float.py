# argv: --delay soon
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--delay", type=float, default=0.5)
args = parser.parse_args()
print("not reached")
