# argv: --port
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int)
args = parser.parse_args()
print("not reached")
