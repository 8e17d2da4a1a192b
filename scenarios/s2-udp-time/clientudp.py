# -*- coding: utf-8 -*-
##udp客户端,向服务器发送一个空字符后,得到服务器返回时间
##@小五义
# Seed 002 clientudp.py, Python 3: print(), input(), b'' on the socket.
import socket,sys,struct,time
host=input('输入服务器地址:')
port=12345
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)
s.sendto(b'',(host,port))
print("等待回复……")
buf=s.recvfrom(2048)[0]
if len(buf)!=4:
    print("回复错误%d:%s"%(len(buf),buf))
    sys.exit(1)
secs=struct.unpack("!I",buf)[0]
print(time.ctime(int(secs)))
