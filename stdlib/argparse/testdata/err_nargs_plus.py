# argv: --some
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--some", nargs="+")
parser.parse_args()
