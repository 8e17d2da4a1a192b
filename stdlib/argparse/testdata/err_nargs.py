# argv: --pair 1
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--pair", nargs=2)
parser.add_argument("--some", nargs="+")
parser.parse_args()
