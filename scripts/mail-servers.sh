# shellcheck shell=bash
# Real mail servers on loopback for tests/Haumai.Mail.Tests (SMTP and IMAP clients).
#
# Sourced by scripts/test.sh, which calls ensure_mail_servers. Standalone:
#   bash -c 'source scripts/mail-servers.sh && ensure_mail_servers'
#
# Installs Postfix and Dovecot from Debian's packages if missing, then runs ONE PRIVATE INSTANCE of
# each, with its own configuration under $HAUMAI_MAIL_DIR, so the machine's default Postfix and
# Dovecot configurations (/etc/postfix, /etc/dovecot) are never touched. Everything listens on
# 127.0.0.1 only and no mail can leave the machine (every transport but local delivery is an error).
#
#   SMTP (Postfix)  127.0.0.1:2525  plain + STARTTLS, AUTH PLAIN/LOGIN after STARTTLS (SASL by Dovecot)
#                   127.0.0.1:2465  implicit TLS
#                   both refuse messages over 4 MiB (SIZE 4194304): the size-limit test relies on it
#   IMAP (Dovecot)  127.0.0.1:1143  plain + STARTTLS
#                   127.0.0.1:1993  implicit TLS
#   Delivery: Postfix -> dovecot-lda (pipe) -> maildirs under $HAUMAI_MAIL_DIR/mail, owned by the mail user
#   Users (domain haumai.test, Dovecot passwd-file):
#     support@haumai.test   Haumai-Support-2026
#     customer@haumai.test  Khach-Hang-2026
#     nhanvien@haumai.test  Mật khẩu "đặc biệt" \ 7   (non-ASCII and IMAP specials: literal path)
#   Certificate: self-signed, CN=localhost, SAN localhost + 127.0.0.1, $HAUMAI_MAIL_DIR/tls/cert.pem
#
# Idempotent: configuration is rewritten on every call, running instances are reloaded, stopped
# ones started (no systemd needed: `postfix -c DIR start`, `dovecot -c FILE`). The settings the tests
# need are exported as HAUMAI_TEST_* variables and also written to $HAUMAI_MAIL_DIR/test-env (read
# by the tests when the variables are absent, e.g. `dotnet test` run by hand after the servers are up).

HAUMAI_MAIL_DIR="${HAUMAI_MAIL_DIR:-/var/lib/haumai-test-mail}"
HAUMAI_MAIL_DOMAIN=haumai.test
HAUMAI_MAIL_SMTP_PORT=2525
HAUMAI_MAIL_SMTP_TLS_PORT=2465
HAUMAI_MAIL_IMAP_PORT=1143
HAUMAI_MAIL_IMAP_TLS_PORT=1993
HAUMAI_MAIL_SIZE_LIMIT=4194304
HAUMAI_MAIL_DOVECOT_RUN=/run/haumai-test-dovecot
HAUMAI_MAIL_POSTFIX_QUEUE=/var/spool/haumai-test-postfix

# When sourced by scripts/test.sh these helpers already exist; standalone, define minimal ones.
declare -F log >/dev/null || log() { printf '==> %s\n' "$*"; }
declare -F die >/dev/null || die() {
  printf 'mail-servers.sh: ERROR: %s\n' "$*" >&2
  exit 1
}
declare -F as_root >/dev/null || as_root() {
  if ((EUID == 0)); then "$@"; else sudo -n "$@"; fi
}
declare -F apt_install >/dev/null || apt_install() {
  as_root apt-get -o DPkg::Lock::Timeout=300 update
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "$@"
}

# user|password lines (a password may hold anything but a colon or a newline)
mail_test_users() {
  cat <<'USERS'
support@haumai.test|Haumai-Support-2026
customer@haumai.test|Khach-Hang-2026
nhanvien@haumai.test|Mật khẩu "đặc biệt" \ 7
USERS
}

mail_install_packages() {
  local missing=() pkg
  for pkg in postfix dovecot-core dovecot-imapd openssl; do
    [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" == "install ok installed" ]] || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0

  # Postfix must not ask questions nor configure itself: our instance has its own configuration.
  echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
  # The packages' own services must not start on install (they would listen beyond loopback):
  # Debian's policy-rc.d convention, as Docker images have it. Ours is removed afterwards.
  local own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  local rc=0
  apt_install "${missing[@]}" || rc=$?
  ((own_policy)) && as_root rm -f /usr/sbin/policy-rc.d
  ((rc == 0)) || die "could not install ${missing[*]}"
}

mail_certificate() {
  local dir="$HAUMAI_MAIL_DIR/tls"
  as_root mkdir -p "$dir"
  if [[ -s "$dir/cert.pem" && -s "$dir/key.pem" ]] &&
    openssl x509 -in "$dir/cert.pem" -noout -checkend 604800 >/dev/null 2>&1; then
    return 0
  fi
  log "generating a self-signed certificate for localhost in $dir"
  as_root openssl req -x509 -newkey rsa:2048 -nodes -days 825 -sha256 \
    -subj "/CN=localhost/O=Haumai test mail" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" \
    -addext "extendedKeyUsage=serverAuth" \
    -keyout "$dir/key.pem.new" -out "$dir/cert.pem.new" >/dev/null 2>&1 ||
    die "openssl could not create the test certificate"
  as_root chmod 600 "$dir/key.pem.new"
  as_root chmod 644 "$dir/cert.pem.new"
  as_root mv -f "$dir/key.pem.new" "$dir/key.pem"
  as_root mv -f "$dir/cert.pem.new" "$dir/cert.pem"
}

mail_write_file() { # PATH MODE < content; rewrites only when the content changed
  local path="$1" mode="$2" tmp
  tmp="$(mktemp)"
  cat >"$tmp"
  if [[ -f "$path" ]] && cmp -s "$tmp" "$path"; then
    rm -f "$tmp"
  else
    as_root install -m "$mode" "$tmp" "$path"
    rm -f "$tmp"
  fi
}

mail_configure_dovecot() {
  local d="$HAUMAI_MAIL_DIR"
  as_root mkdir -p "$d/dovecot" "$d/log" "$d/mail"
  as_root chown mail:mail "$d/mail"
  as_root chmod 750 "$d/mail"

  local user pass
  while IFS='|' read -r user pass; do
    printf '%s:{PLAIN}%s\n' "$user" "$pass"
  done < <(mail_test_users) | mail_write_file "$d/dovecot/users" 640
  as_root chown root:dovecot "$d/dovecot/users"

  local dh=""
  [[ -r /usr/share/dovecot/dh.pem ]] && dh="ssl_dh = </usr/share/dovecot/dh.pem"

  mail_write_file "$d/dovecot/dovecot.conf" 644 <<CONF
# Haumai test instance (scripts/mail-servers.sh): loopback only, not the machine's Dovecot.
instance_name = haumai-test
base_dir = $HAUMAI_MAIL_DOVECOT_RUN
state_dir = $d/dovecot/state
protocols = imap
listen = 127.0.0.1
log_path = $d/log/dovecot.log
ssl = yes
ssl_cert = <$d/tls/cert.pem
ssl_key = <$d/tls/key.pem
ssl_min_protocol = TLSv1.2
$dh
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_verbose = yes
mail_location = maildir:$d/mail/%d/%n
mail_uid = mail
mail_gid = mail
first_valid_uid = 8
last_valid_uid = 8
first_valid_gid = 8
last_valid_gid = 8
mail_max_userip_connections = 100
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $d/dovecot/users
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$d/mail/%d/%n
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Archive {
    auto = subscribe
    special_use = \\Archive
  }
  mailbox Sent {
    auto = subscribe
    special_use = \\Sent
  }
  mailbox Trash {
    auto = subscribe
    special_use = \\Trash
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $HAUMAI_MAIL_IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $HAUMAI_MAIL_IMAP_TLS_PORT
    ssl = yes
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
  unix_listener auth-userdb {
    mode = 0666
  }
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
protocol lda {
  postmaster_address = postmaster@$HAUMAI_MAIL_DOMAIN
}
CONF
  as_root mkdir -p "$d/dovecot/state"
  # dovecot-lda (Postfix's delivery agent, below) runs as mail and logs here too.
  as_root touch "$d/log/dovecot.log"
  as_root chown root:mail "$d/log/dovecot.log"
  as_root chmod 660 "$d/log/dovecot.log"
}

mail_configure_postfix() {
  local d="$HAUMAI_MAIL_DIR" pf="$HAUMAI_MAIL_DIR/postfix"
  as_root mkdir -p "$pf" "$d/postfix-data" "$HAUMAI_MAIL_POSTFIX_QUEUE"
  as_root chown postfix:postfix "$d/postfix-data"

  mail_test_users | while IFS='|' read -r user _; do
    printf '%s %s/\n' "$user" "$user"
  done | mail_write_file "$pf/vmailbox" 644

  mail_write_file "$pf/main.cf" 644 <<CONF
# Haumai test instance (scripts/mail-servers.sh): loopback only, nothing leaves the machine.
compatibility_level = 3.6
queue_directory = $HAUMAI_MAIL_POSTFIX_QUEUE
data_directory = $d/postfix-data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $d/log/postfix.log
myhostname = mail.$HAUMAI_MAIL_DOMAIN
mydomain = $HAUMAI_MAIL_DOMAIN
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
relay_domains =
alias_maps =
alias_database =
biff = no
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
smtputf8_enable = yes
message_size_limit = 10485760
default_transport = error:5.7.1 the Haumai test instance delivers nothing outside $HAUMAI_MAIL_DOMAIN
relay_transport = \$default_transport
local_transport = \$default_transport
virtual_mailbox_domains = $HAUMAI_MAIL_DOMAIN
virtual_mailbox_maps = texthash:$pf/vmailbox
# Delivery by dovecot-lda through pipe(8), not LMTP: Dovecot 2.3's LMTP does not offer SMTPUTF8,
# so Postfix would bounce every message whose sender asked for SMTPUTF8 (UTF-8 headers).
virtual_transport = haumai-dovecot
haumai-dovecot_destination_recipient_limit = 1
smtpd_banner = \$myhostname ESMTP Haumai test
smtpd_tls_cert_file = $d/tls/cert.pem
smtpd_tls_key_file = $d/tls/key.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $HAUMAI_MAIL_DOVECOT_RUN/auth-postfix
broken_sasl_auth_clients = no
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions =
CONF

  mail_write_file "$pf/master.cf" 644 <<CONF
# service type  private unpriv  chroot  wakeup  maxproc command
127.0.0.1:$HAUMAI_MAIL_SMTP_PORT inet n - n - - smtpd
  -o message_size_limit=$HAUMAI_MAIL_SIZE_LIMIT
127.0.0.1:$HAUMAI_MAIL_SMTP_TLS_PORT inet n - n - - smtpd
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
  -o message_size_limit=$HAUMAI_MAIL_SIZE_LIMIT
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
haumai-dovecot unix -    n       n       -       -       pipe
  flags=DRhu user=mail:mail argv=/usr/lib/dovecot/dovecot-lda -c $d/dovecot/dovecot.conf -f \${sender} -d \${recipient}
CONF
}

mail_wait_port() { # PORT NAME LOGFILE
  local i
  for ((i = 0; i < 60; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.5
  done
  [[ -r "$3" ]] && tail -n 30 "$3"
  die "$2 is not listening on 127.0.0.1:$1 after 30 s"
}

mail_start_dovecot() {
  local conf="$HAUMAI_MAIL_DIR/dovecot/dovecot.conf"
  as_root doveconf -c "$conf" -n >/dev/null || die "Dovecot rejects $conf (doveconf -c $conf -n)"
  local pid=""
  [[ -r "$HAUMAI_MAIL_DOVECOT_RUN/master.pid" ]] && pid="$(cat "$HAUMAI_MAIL_DOVECOT_RUN/master.pid")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    log "reloading the Haumai test Dovecot (pid $pid)"
    as_root dovecot -c "$conf" reload </dev/null || die "dovecot reload failed"
  else
    log "starting the Haumai test Dovecot (IMAP 127.0.0.1:$HAUMAI_MAIL_IMAP_PORT, :$HAUMAI_MAIL_IMAP_TLS_PORT)"
    # Daemons must not inherit our output: a caller reading it through a pipe would wait forever.
    as_root dovecot -c "$conf" </dev/null >>"$HAUMAI_MAIL_DIR/log/dovecot.log" 2>&1 ||
      { tail -n 20 "$HAUMAI_MAIL_DIR/log/dovecot.log"; die "dovecot did not start"; }
  fi
  mail_wait_port "$HAUMAI_MAIL_IMAP_PORT" "Dovecot IMAP" "$HAUMAI_MAIL_DIR/log/dovecot.log"
  mail_wait_port "$HAUMAI_MAIL_IMAP_TLS_PORT" "Dovecot IMAPS" "$HAUMAI_MAIL_DIR/log/dovecot.log"
  local i
  for ((i = 0; i < 60; i++)); do
    [[ -S "$HAUMAI_MAIL_DOVECOT_RUN/auth-userdb" && -S "$HAUMAI_MAIL_DOVECOT_RUN/auth-postfix" ]] && return 0
    sleep 0.5
  done
  die "Dovecot's auth sockets did not appear in $HAUMAI_MAIL_DOVECOT_RUN"
}

mail_start_postfix() {
  local pf="$HAUMAI_MAIL_DIR/postfix"
  if as_root postfix -c "$pf" status >/dev/null 2>&1; then
    log "reloading the Haumai test Postfix"
    as_root postfix -c "$pf" reload </dev/null >/dev/null 2>&1 || die "postfix reload failed"
  else
    log "starting the Haumai test Postfix (SMTP 127.0.0.1:$HAUMAI_MAIL_SMTP_PORT, :$HAUMAI_MAIL_SMTP_TLS_PORT)"
    # Postfix logs to its maillog_file only: show its end when something fails.
    as_root postfix -c "$pf" check ||
      { tail -n 20 "$HAUMAI_MAIL_DIR/log/postfix.log" 2>/dev/null; die "postfix check failed for $pf"; }
    as_root postfix -c "$pf" start </dev/null >>"$HAUMAI_MAIL_DIR/log/postfix.log" 2>&1 ||
      { tail -n 20 "$HAUMAI_MAIL_DIR/log/postfix.log" 2>/dev/null; die "postfix did not start"; }
  fi
  mail_wait_port "$HAUMAI_MAIL_SMTP_PORT" "Postfix SMTP" "$HAUMAI_MAIL_DIR/log/postfix.log"
  mail_wait_port "$HAUMAI_MAIL_SMTP_TLS_PORT" "Postfix SMTPS" "$HAUMAI_MAIL_DIR/log/postfix.log"
}

mail_export_env() {
  local users=() passes=() user pass
  while IFS='|' read -r user pass; do
    users+=("$user")
    passes+=("$pass")
  done < <(mail_test_users)

  export HAUMAI_TEST_SMTP_HOST=127.0.0.1
  export HAUMAI_TEST_SMTP_PORT=$HAUMAI_MAIL_SMTP_PORT
  export HAUMAI_TEST_SMTP_TLS_PORT=$HAUMAI_MAIL_SMTP_TLS_PORT
  export HAUMAI_TEST_SMTP_SIZE_LIMIT=$HAUMAI_MAIL_SIZE_LIMIT
  export HAUMAI_TEST_IMAP_HOST=127.0.0.1
  export HAUMAI_TEST_IMAP_PORT=$HAUMAI_MAIL_IMAP_PORT
  export HAUMAI_TEST_IMAP_TLS_PORT=$HAUMAI_MAIL_IMAP_TLS_PORT
  export HAUMAI_TEST_MAIL_DOMAIN=$HAUMAI_MAIL_DOMAIN
  export HAUMAI_TEST_MAIL_SUPPORT_USER="${users[0]}" HAUMAI_TEST_MAIL_SUPPORT_PASSWORD="${passes[0]}"
  export HAUMAI_TEST_MAIL_CUSTOMER_USER="${users[1]}" HAUMAI_TEST_MAIL_CUSTOMER_PASSWORD="${passes[1]}"
  export HAUMAI_TEST_MAIL_UNICODE_USER="${users[2]}" HAUMAI_TEST_MAIL_UNICODE_PASSWORD="${passes[2]}"
  export HAUMAI_TEST_MAIL_CERT="$HAUMAI_MAIL_DIR/tls/cert.pem"

  # KEY=VALUE per line, the value raw to the end of the line (never sourced by a shell).
  local name
  for name in HAUMAI_TEST_SMTP_HOST HAUMAI_TEST_SMTP_PORT HAUMAI_TEST_SMTP_TLS_PORT \
    HAUMAI_TEST_SMTP_SIZE_LIMIT HAUMAI_TEST_IMAP_HOST HAUMAI_TEST_IMAP_PORT HAUMAI_TEST_IMAP_TLS_PORT \
    HAUMAI_TEST_MAIL_DOMAIN HAUMAI_TEST_MAIL_SUPPORT_USER HAUMAI_TEST_MAIL_SUPPORT_PASSWORD \
    HAUMAI_TEST_MAIL_CUSTOMER_USER HAUMAI_TEST_MAIL_CUSTOMER_PASSWORD HAUMAI_TEST_MAIL_UNICODE_USER \
    HAUMAI_TEST_MAIL_UNICODE_PASSWORD HAUMAI_TEST_MAIL_CERT; do
    printf '%s=%s\n' "$name" "${!name}"
  done | mail_write_file "$HAUMAI_MAIL_DIR/test-env" 644
}

ensure_mail_servers() {
  mail_install_packages
  command -v postfix >/dev/null 2>&1 || die "postfix not found after installation"
  command -v dovecot >/dev/null 2>&1 || die "dovecot not found after installation"
  as_root mkdir -p "$HAUMAI_MAIL_DIR"
  as_root chmod 755 "$HAUMAI_MAIL_DIR"
  mail_certificate
  mail_configure_dovecot
  mail_configure_postfix
  # Dovecot first: Postfix asks its auth socket (SASL) and delivers with its dovecot-lda.
  mail_start_dovecot
  mail_start_postfix
  mail_export_env
  log "mail servers ready: SMTP 127.0.0.1:$HAUMAI_MAIL_SMTP_PORT (STARTTLS) :$HAUMAI_MAIL_SMTP_TLS_PORT (TLS), IMAP :$HAUMAI_MAIL_IMAP_PORT (STARTTLS) :$HAUMAI_MAIL_IMAP_TLS_PORT (TLS)"
}
