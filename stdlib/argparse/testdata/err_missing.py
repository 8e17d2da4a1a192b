import argparse
parser = argparse.ArgumentParser()
parser.add_argument("host")
parser.add_argument("port", type=int)
parser.add_argument("-t", "--timeout", type=float, default=2.5)
args = parser.parse_args()
print("not reached")
