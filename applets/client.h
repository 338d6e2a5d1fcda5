/* What the client applets (whack, auto, setup, trafficstatus, addconn) share:
 * where the control socket is, and sending one command. */
#ifndef APPLETS_CLIENT_H
#define APPLETS_CLIENT_H

#define DEFAULT_CONFIG "/etc/ipsec.conf"

/* --ctlsocket wins, then --rundir DIR (DIR/pluto.ctl), else /run/pluto/pluto.ctl.
 * Returns a static-lifetime or caller-owned string; never NULL. */
const char *client_ctl_path(const char *ctlsocket, const char *rundir, char *buf, unsigned len);
/* Sends argv[0..argc) as one command; returns whack's exit status. */
int client_send(const char *ctl, int argc, const char *const *argv);
/* The configuration file as an absolute path (the daemon may run elsewhere). */
const char *client_abs_path(const char *path, char *buf, unsigned len);

#endif
