import socketserver
print(socketserver.TCPServer)
import helper_protocol
try:
    raise helper_protocol.ProtocolError("x")
except Exception as e:
    print(type(e), repr(e))
raise helper_protocol.ProtocolError("bad")
