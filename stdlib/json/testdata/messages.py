# JSON messages over a socket protocol: encode, frame, decode.
import json
import sys

request = {'op': 'put', 'key': 'user:42', 'value': {'name': 'Zoë', 'tags': ('a', 'b'), 'score': 9.75, 'admin': False, 'manager': None}}
wire = json.dumps(request).encode()
print(len(wire), wire)
back = json.loads(wire)
print(back)
print(back['value']['tags'], back == request)
print(json.dumps(request, sort_keys=True, indent=2))
print(json.dumps(request, ensure_ascii=False, separators=(',', ':')))
print(json.dumps([1, 2.0, 1e100, 1.5e-10, -7, 10**30, 0.1 + 0.2]))
print(json.dumps({'nested': [[], {}, [{}], {'a': []}]}, indent=3))
print(json.dumps({3: 'three', 1.5: 'x', None: 0, True: 1}))
print(json.dumps('tab\there "quoted" back\\slash \x01 é 中 \U0001F600'))
lines = ['{"id": 1, "ok": true}', '{"id": 2, "ok": false, "err": "timeout"}', '[1, 2, 3]']
for line in lines:
    msg = json.loads(line)
    print(type(msg).__name__, msg)
json.dump({'to': 'stdout', 'n': [1, 2]}, sys.stdout, indent=1)
print()
print(json.loads('{"a": 1}', object_hook=lambda d: sorted(d.keys())))
err = json.JSONDecodeError
print(err, issubclass(err, ValueError))
import time
print(json.dumps(time.gmtime(86400 * 365)))
