#!/bin/sh
# Round robin by chance: each new connection goes to port $1 or $1 + 1, by the parity of its pid.
exec socat STDIO TCP:127.0.0.1:$(( $1 + $$ % 2 ))
