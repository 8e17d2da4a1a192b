# A helper module that imports.py imports: framing for a line protocol.
import struct

VERSION = 2
sent = 0
_private = "hidden"

def frame(payload):
    global sent
    sent += 1
    return struct.pack("!I", len(payload)) + payload

def unframe(data):
    (n,) = struct.unpack("!I", data[:4])
    return data[4:4 + n]

class ProtocolError(Exception):
    pass

if __name__ == "__main__":
    print("run as a script")
else:
    print("imported as", __name__)
