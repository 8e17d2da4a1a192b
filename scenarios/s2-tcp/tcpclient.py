# -*- coding: utf-8 -*-
##tcp客户端,首先输入服务器ip地址,然后输入信息,回车后会得到服务器返回信息,然后等待服务器向其发送信息后退出。
##@小五义
# Seed 002 tcpclient.py, Python 3: print(), input(), bytes on the socket.
import socket,sys
port=12345
host=input('输入服务器ip:')
data=input('输入要发送的信息:')
s=socket.socket(socket.AF_INET,socket.SOCK_STREAM)
try:
    s.connect((host,port))
except:
    print('连接错误!')
s.send(data.encode())
s.shutdown(1)
print('发送完成。')
while 1:
    buf=s.recv(4096)
    if not len(buf):
        break
    sys.stdout.write(buf.decode())
