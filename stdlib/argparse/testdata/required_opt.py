# argv: -x 1
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--server", "-s", required=True)
parser.add_argument("--port", required=True, type=int)
parser.add_argument("-x")
parser.parse_args()
