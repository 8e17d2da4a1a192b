# A checksummed packet, as a socket tutorial builds and checks one.
import binascii
import struct

payload = b'hello, server'
crc = binascii.crc32(payload)
packet = struct.pack('!I', crc) + payload
print('crc', crc, hex(crc))
print('packet', binascii.hexlify(packet))
print('spaced', binascii.hexlify(packet, ' ').decode())
print('grouped', binascii.b2a_hex(packet, b':', 4))
received = binascii.unhexlify(binascii.hexlify(packet).decode())
got = struct.unpack('!I', received[:4])[0]
print('ok', got == binascii.crc32(received[4:]), received[4:])
wire = binascii.b2a_base64(packet)
print(wire, binascii.a2b_base64(wire) == packet)
print(binascii.a2b_base64(wire.decode()))
print(binascii.crc32(b'abc', 0xffffffff), binascii.crc_hqx(payload, 0))
print(binascii.Error, issubclass(binascii.Error, ValueError))
binascii.unhexlify('zz')
