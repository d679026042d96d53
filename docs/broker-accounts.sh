#!/bin/sh
# Accounts for the 红芙连心线 sync on mosquitto's dynamic security plugin (docs/mosquitto.conf).
#
#   broker-accounts.sh office PASSWORD        the office receiver (username "office")
#   broker-accounts.sh bus BUS_ID PASSWORD    one bus (its busId is its username and, on the buses'
#                                             listener, its client id)
#   broker-accounts.sh disable USERNAME       refuse an account from now on (a stolen bus PC)
#
# First, once: mosquitto_ctrl dynsec init /var/lib/mosquitto/dynamic-security.json admin
# Then run this on the broker's host; MOSQUITTO_CTRL_OPTS says how to reach it, e.g.
#   MOSQUITTO_CTRL_OPTS="-h 127.0.0.1 -p 1883 -u admin -P ADMIN_PASSWORD"
#
# The plugin of mosquitto 2.0 does not substitute %u in ACL topics, so every bus gets a role of its
# own with its literal topics. Subscriptions are refused unless a role grants them, so no bus can
# subscribe to the office's shared subscription or to another bus's downlink.
set -eu

ctrl() {
  # shellcheck disable=SC2086
  mosquitto_ctrl ${MOSQUITTO_CTRL_OPTS:-} dynsec "$@" 2>&1 | grep -v -e 'without encryption' -e 'visible on the network' -e '^$' || true
}

case "${1:-}" in
office)
  [ $# -eq 2 ] || { echo "usage: $0 office PASSWORD" >&2; exit 2; }
  ctrl createRole lianxin-office
  for filter in '$share/office/lianxin/v1/bus/+/up/#' 'lianxin/v1/bus/+/up/#' 'lianxin/v1/bus/+/status' 'lianxin/v1/bus/+/position'; do
    ctrl addRoleACL lianxin-office subscribeLiteral "$filter" allow
  done
  for topic in 'lianxin/v1/bus/+/up/#' 'lianxin/v1/bus/+/status' 'lianxin/v1/bus/+/position'; do
    ctrl addRoleACL lianxin-office publishClientReceive "$topic" allow
  done
  ctrl addRoleACL lianxin-office publishClientSend 'lianxin/v1/bus/+/down/+' allow
  ctrl addRoleACL lianxin-office publishClientSend 'lianxin/v1/fleet/down/+' allow
  # No client id is bound: the receiver's lanes connect as lianxin-office, lianxin-office-lane1, ...
  # on the loopback listener, which the buses cannot reach.
  ctrl createClient office -p "$2"
  ctrl addClientRole office lianxin-office
  ;;
bus)
  [ $# -eq 3 ] || { echo "usage: $0 bus BUS_ID PASSWORD" >&2; exit 2; }
  bus=$2
  case "$bus" in *[!A-Za-z0-9_-]*|'') echo "$0: a busId is letters, digits, '_' or '-'" >&2; exit 2 ;; esac
  role="lianxin-bus-$bus"
  ctrl createRole "$role"
  for topic in "lianxin/v1/bus/$bus/up/+" "lianxin/v1/bus/$bus/position" "lianxin/v1/bus/$bus/status"; do
    ctrl addRoleACL "$role" publishClientSend "$topic" allow
  done
  for filter in "lianxin/v1/bus/$bus/down/+" 'lianxin/v1/fleet/down/+'; do
    ctrl addRoleACL "$role" subscribeLiteral "$filter" allow
    ctrl addRoleACL "$role" publishClientReceive "$filter" allow
  done
  # No client id here: the buses' listener makes the username the client id (use_username_as_clientid),
  # which holds for certificate logins too, where the plugin's own client id check is not run.
  ctrl createClient "$bus" -p "$3"
  ctrl addClientRole "$bus" "$role"
  ;;
disable)
  [ $# -eq 2 ] || { echo "usage: $0 disable USERNAME" >&2; exit 2; }
  ctrl disableClient "$2"
  ;;
*)
  echo "usage: $0 office PASSWORD | bus BUS_ID PASSWORD | disable USERNAME" >&2
  exit 2
  ;;
esac
