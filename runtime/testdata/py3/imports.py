import helper_protocol
from helper_protocol import frame, unframe, ProtocolError
import helper_protocol as hp

data = frame(b"hello")
print(data, unframe(data), helper_protocol.VERSION, hp is helper_protocol)
frame(b"x")
print("sent", helper_protocol.sent)
try:
    raise ProtocolError("bad frame")
except hp.ProtocolError as e:
    print("caught", type(e).__name__, e)
try:
    import no_such_module
except ImportError as e:
    print(type(e).__name__, e)
try:
    from helper_protocol import nothing_here
except ImportError as e:
    print(type(e).__name__, str(e).split(" (")[0])
