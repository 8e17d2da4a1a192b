# argv: --hexa zz
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--hexa", type=lambda s: int(s, 16))
parser.parse_args()
