# argv: a b c --what
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("x")
args = parser.parse_args()
print("not reached")
