# argv: -h
import argparse
parser = argparse.ArgumentParser(description="client", epilog="Example: client.py -s localhost")
net = parser.add_argument_group("network", "where to connect")
net.add_argument("-s", "--server", required=True, help="server address")
net.add_argument("-p", "--port", type=int, default=5000, help="server port")
mode = parser.add_mutually_exclusive_group()
mode.add_argument("--tcp", action="store_true", help="use TCP")
mode.add_argument("--udp", action="store_true", help="use UDP")
parser.parse_args()
