# argv: -vvq -n3 -xn 4
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("-v", action="count")
parser.add_argument("-q", action="store_true")
parser.add_argument("-x", action="store_true")
parser.add_argument("-n", type=int)
print(parser.parse_args(["-vvq", "-n3"]))
print(parser.parse_args())
