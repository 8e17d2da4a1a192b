# argv: localhost -p eighty
import argparse
parser = argparse.ArgumentParser()
parser.add_argument("host")
parser.add_argument("-p", "--port", type=int, default=80)
args = parser.parse_args()
print("not reached")
