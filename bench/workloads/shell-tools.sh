#!/bin/sh
# A shell and the tools it runs: files, pipes, directories, archives, processes.
# Run in a scratch directory given as $1; tools that are not installed are skipped.
set -u
cd "$1" || exit 1
have() { command -v "$1" > /dev/null 2>&1; }
ls -la /etc > /dev/null
cat /etc/hostname > /dev/null
echo hello | grep -c h > /dev/null
printf 'b\na\nc\n' | sort | uniq > out.txt
wc -l out.txt > /dev/null
sed -n 1p out.txt > /dev/null
find /usr/share/doc -maxdepth 1 -name 'c*' > /dev/null
tar -cf t.tar out.txt && gzip -f t.tar && rm -f t.tar.gz
df -h / > /dev/null
du -s /usr/share/doc > /dev/null 2>&1
ps -e > /dev/null
date -u > /dev/null
timeout 1 sleep 0.01
seq 1 20 | xargs -n 5 echo > /dev/null
stat /etc/passwd > /dev/null
id > /dev/null
uname -a > /dev/null
head -c 100 /dev/urandom | md5sum > /dev/null
touch -d '2020-01-01' stamp && ls -l --time-style=+%s stamp > /dev/null
ln -sf stamp link && readlink link > /dev/null
chmod 600 stamp && mkdir -p d1/d2 && rmdir d1/d2 d1
if have git; then
  mkdir repo && cd repo && git init -q . && echo a > a && git add a &&
    git -c user.email=a@b -c user.name=n commit -qm x && git log --oneline > /dev/null
  cd ..
fi
if have perl; then
  perl -e 'open(F,"<","/etc/hostname"); my $x=<F>; close F; opendir(D,"/tmp"); readdir D; closedir D; select(undef,undef,undef,0.01)'
fi
if have python3; then
  python3 - <<'PY'
import os, socket, select, tempfile, subprocess, json
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
c = socket.create_connection(s.getsockname()); a, _ = s.accept()
c.sendall(b"ping"); select.select([a], [], [], 1); a.recv(4)
a.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536); a.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
p = os.pipe(); os.write(p[1], b"x"); os.read(p[0], 1)
with tempfile.NamedTemporaryFile(dir=".") as f:
    f.write(b"data"); f.flush(); os.fstat(f.fileno()); os.lseek(f.fileno(), 0, 0)
os.getcwd(); os.uname(); os.getuid(); os.kill(os.getpid(), 0)
subprocess.run(["true"])
print(json.dumps({"ok": 1}), file=open(os.devnull, "w"))
PY
fi
exit 0
