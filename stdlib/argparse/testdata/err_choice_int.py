# argv: --level 7
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--level", type=int, choices=range(1, 4))
parser.add_argument("--size", type=int, choices=[1, 2, 3])
args = parser.parse_args()
print("not reached")
