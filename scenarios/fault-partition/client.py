# Asks the time once a second. A request that gets no answer within two
# seconds means the server cannot be reached: say so and stop, rather than
# wait for ever.
import socket
import time

s = socket.create_connection(("192.168.1.1", 50403))
s.settimeout(2)
for i in range(5):
    s.sendall(b"time?\n")
    try:
        s.recv(100)
    except socket.timeout:
        print("request %d: no answer in 2 s, the server is unreachable" % i)
        break
    print("request %d: answered" % i)
    time.sleep(1)
s.close()
