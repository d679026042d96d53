#!/bin/sh
# The kiosk user reads the GNSS receiver and the door counter over serial ports.
if getent group dialout >/dev/null && id kiosk >/dev/null 2>&1; then
  usermod -a -G dialout kiosk || true
fi
