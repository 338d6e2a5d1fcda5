/* Every applet is int applet_NAME(int argc, char **argv), argv[0] being its name.
 * Exit status: 0 success, 1 failure, 2 usage error (unknown option or applet). */
#ifndef APPLETS_APPLETS_H
#define APPLETS_APPLETS_H

#define IPSEC_VERSION "0.1"

struct applet {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

/* The sorted dispatch table and its length (main.c). */
extern const struct applet applet_table[];
extern const unsigned applet_count;

int applet_addconn(int argc, char **argv);
int applet_auto(int argc, char **argv);
int applet_import(int argc, char **argv);
int applet_newhostkey(int argc, char **argv);
int applet_pluto(int argc, char **argv);
int applet_readwriteconf(int argc, char **argv);
int applet_setup(int argc, char **argv);
int applet_showhostkey(int argc, char **argv);
int applet_trafficstatus(int argc, char **argv);
int applet_whack(int argc, char **argv);

/* Prints "ipsec NAME: not yet implemented" and returns 2 (for applets that later
 * issues fill in). */
int applet_not_implemented(const char *name);

/* Prints "ipsec NAME: unknown option 'X'" style usage errors; returns 2. */
int applet_usage_error(const char *name, const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
