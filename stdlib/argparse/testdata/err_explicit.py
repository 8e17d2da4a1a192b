# argv: --flag=yes
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--flag", action="store_true")
parser.parse_args()
