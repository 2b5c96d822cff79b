# repl_pty.py - the interactive shell on a real pseudo-terminal, for the
# integration tests (imported, not run): start it, read its screen (escape
# sequences and carriage returns cut), type into it.
import os, pty, re, select, sys, time


class Repl:
    def __init__(self, ovtsh):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"] = "xterm"
            os.execv(ovtsh, [ovtsh])
        self.screen = ""
        # the prompt names the lab (not "default")
        self.prompt = "ovtsh[%s]# " % os.environ["OVTSH_LAB"]

    def expect(self, want, secs=10):
        end = time.time() + secs
        while want not in self.screen:
            left = end - time.time()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                print("FAIL: no %r on the screen:\n%s" % (want, self.screen))
                os.kill(self.pid, 9)
                sys.exit(1)
            try:
                data = os.read(self.fd, 4096).decode(errors="replace")
            except OSError:
                data = ""
            self.screen += re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "", data)

    def mark(self):
        self.screen = ""

    def send(self, s):
        os.write(self.fd, s.encode())

    def quit(self, key="exit\r"):
        """Leave (exit, or key="\x04" for Ctrl-D), typed once; fails the
        test unless the shell left with status 0 within 10 s.  (A Ctrl-D
        typed the instant the prompt showed used to be lost: the prompt
        came before the terminal's edit mode; repl.c now sets the mode
        first, and test_repl_pty races it twenty times.)"""
        self.send(key)
        for i in range(100):
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.1)
        else:
            print("FAIL: the shell still runs 10 s after %r:\n%s" %
                  (key, self.screen))
            os.kill(self.pid, 9)
            sys.exit(1)
        if not os.WIFEXITED(st) or os.WEXITSTATUS(st) != 0:
            print("FAIL: the shell ended with status %d" % st)
            sys.exit(1)
