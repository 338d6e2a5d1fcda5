/* Every configuration of the seed document (tests/data/config/seed, see its
 * README) loads, and the values the documentation sets are there. */
#include "config/config.h"
#include "config/secrets.h"
#include "tests/unit/check.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define SEED "tests/data/config/seed/"

static struct config *load(const char *file)
{
	struct config *cfg;
	struct diag d;
	int r;

	diag_init(&d);
	r = config_load(file, &cfg, &d);
	CHECK(r == 0 && d.errors == 0, "%s loads without errors", file);
	diag_print(&d, stdout);
	diag_free(&d);
	return cfg;
}

static bool addr_is(const struct ip_addr *a, const char *text)
{
	struct ip_addr want;
	return ip_addr_parse(text, &want) == 0 && ip_addr_eq(a, &want);
}

static bool subnet_is(const struct ip_subnet *s, const char *text)
{
	char buf[IP_STR_MAX + 4];
	return strcmp(ip_subnet_str(s, buf, sizeof(buf)), text) == 0;
}

static bool id_is(const struct conn_id *id, enum id_kind kind, const char *text)
{
	return id->kind == kind && id->text && strcmp(id->text, text) == 0;
}

/* 3.3 host-to-host */
static void host_to_host(void)
{
	struct config *cfg = load(SEED "host-to-host.conf");
	const struct conn *c = cfg ? config_conn_find(cfg, "mytunnel") : NULL;

	CHECK(c != NULL, "3.3: conn mytunnel");
	if (c) {
		CHECK(id_is(&c->left.id, ID_FQDN, "@west") && id_is(&c->right.id, ID_FQDN, "@east"),
		      "3.3: leftid=@west rightid=@east");
		CHECK(addr_is(&c->left.host, "192.0.2.23") && addr_is(&c->right.host, "198.51.100.45"),
		      "3.3: left= and right= addresses");
		CHECK(c->left.rsasigkey_len == 276 && c->left.rsasigkey[2] == 0xa6 &&
			      c->right.rsasigkey_len == 276 && c->right.rsasigkey[2] == 0xbd,
		      "3.3: both RSA keys decoded (Libreswan's west and east test keys)");
		CHECK(c->authby == AUTH_RSASIG && c->autostart == AUTO_START && c->type == CONN_TUNNEL,
		      "3.3: authby=rsasig, auto=start (step 8), tunnel");
		CHECK(c->ike_version == 2 && c->ike.is_default && c->esp.is_default,
		      "3.3: IKEv2 with Libreswan's default proposals");
	}
	config_free(cfg);
}

/* 3.4 site-to-site, mysubnet and mysubnet6 via also=mytunnel */
static void site_to_site(void)
{
	struct config *cfg = load(SEED "site-to-site.conf");
	const struct conn *c4 = cfg ? config_conn_find(cfg, "mysubnet") : NULL;
	const struct conn *c6 = cfg ? config_conn_find(cfg, "mysubnet6") : NULL;

	CHECK(cfg && config_conn_count(cfg) == 3, "3.4: mysubnet, mysubnet6, mytunnel");
	if (c4) {
		CHECK(c4->left.n_subnets == 1 && subnet_is(&c4->left.subnets[0], "203.0.113.0/25") &&
			      c4->right.n_subnets == 1 && subnet_is(&c4->right.subnets[0], "203.0.113.128/25"),
		      "3.4: mysubnet subnets");
		CHECK(addr_is(&c4->left.host, "192.0.2.23") && id_is(&c4->right.id, ID_FQDN, "@east") &&
			      c4->right.rsasigkey_len == 276 && c4->autostart == AUTO_START,
		      "3.4: mysubnet takes hosts, ids and keys from mytunnel; auto=start");
		CHECK(conn_key_origin(c4, "leftsubnet") == ORIGIN_CONN && conn_key_origin(c4, "left") == ORIGIN_CONN,
		      "3.4: written keys, including those from also=");
	}
	if (c6)
		CHECK(subnet_is(&c6->left.subnets[0], "2001:db8:0:1::/64") &&
			      subnet_is(&c6->right.subnets[0], "2001:db8:0:2::/64") &&
			      c6->left.host.family == AF_INET,
		      "3.4: mysubnet6: IPv6 subnets over IPv4 hosts");
	else
		CHECK(0, "3.4: conn mysubnet6");
	if (cfg)
		CHECK(strcmp(config_conn_alsos(cfg, 0), "mytunnel") == 0, "3.4: #also = mytunnel");
	config_free(cfg);
}

/* 3.5 remote access: server and client */
static void roadwarrior(void)
{
	struct config *cfg = load(SEED "roadwarrior-server.conf");
	const struct conn *c = cfg ? config_conn_find(cfg, "roadwarriors") : NULL;

	CHECK(c != NULL, "3.5: conn roadwarriors");
	if (c) {
		CHECK(c->ikev2 == IKEV2_INSIST && c->mobike && c->fragmentation == YNA_YES,
		      "3.5 server: ikev2=insist, mobike=yes, fragmentation=yes");
		CHECK(addr_is(&c->left.host, "192.0.2.1") && subnet_is(&c->left.subnets[0], "0.0.0.0/0") &&
			      strcmp(c->left.cert, "gw.example.com") == 0 && c->left.id.kind == ID_FROMCERT,
		      "3.5 server: left, leftsubnet=0.0.0.0/0, leftcert, leftid=%%fromcert");
		CHECK(c->left.xauthserver && c->left.modecfgserver && c->right.xauthclient &&
			      c->right.modecfgclient,
		      "3.5 server: xauth and modecfg server/client flags");
		CHECK(c->right.host_kind == HOST_ANY && strcmp(c->right.ca, "%same") == 0,
		      "3.5 server: right=%%any, rightca=%%same");
		CHECK(strcmp(c->right.addresspool, "203.0.113.100-203.0.113.254") == 0 &&
			      addr_is(&c->right.pool_start, "203.0.113.100") &&
			      addr_is(&c->right.pool_end, "203.0.113.254"),
		      "3.5 server: rightaddresspool range");
		CHECK(strcmp(c->modecfgdns, "192.0.2.53, 198.51.100.53") == 0 &&
			      strcmp(c->modecfgdomains, "internal.example.com, corp") == 0,
		      "3.5 server: modecfgdns and modecfgdomains=\"..., corp\"");
		CHECK(c->authby == AUTH_RSASIG && c->autostart == AUTO_ADD, "3.5 server: rsasig, auto=add");
		CHECK(c->dpddelay_s == 60 && c->dpdtimeout_s == 300 && c->dpdaction == DPD_CLEAR,
		      "3.5 server: dpddelay=1m, dpdtimeout=5m, dpdaction=clear");
	}
	config_free(cfg);

	cfg = load(SEED "roadwarrior-client.conf");
	c = cfg ? config_conn_find(cfg, "to-vpn-server") : NULL;
	CHECK(c != NULL, "3.5: conn to-vpn-server");
	if (c) {
		CHECK(c->left.host_kind == HOST_DEFAULTROUTE && c->left.nexthop_defaultroute &&
			      strcmp(c->left.cert, "myname.example.com") == 0 && c->left.modecfgclient,
		      "3.5 client: left=%%defaultroute, leftcert, leftmodecfgclient");
		CHECK(addr_is(&c->right.host, "192.0.2.1") && subnet_is(&c->right.subnets[0], "0.0.0.0/0") &&
			      strcmp(c->right.ca, "%same") == 0,
		      "3.5 client: right, rightsubnet=0.0.0.0/0, rightca=%%same");
		CHECK(c->narrowing && c->mobike && c->autostart == AUTO_START && c->ikev2 == IKEV2_INSIST,
		      "3.5 client: narrowing=yes, mobike=yes, auto=start");
	}
	config_free(cfg);
}

/* 3.6 mesh: clear, private, private-or-clear */
static void mesh(void)
{
	struct config *cfg = load(SEED "mesh/mesh.conf");
	const struct conn *clear = cfg ? config_conn_find(cfg, "clear") : NULL;
	const struct conn *priv = cfg ? config_conn_find(cfg, "private") : NULL;
	const struct conn *poc = cfg ? config_conn_find(cfg, "private-or-clear") : NULL;

	CHECK(clear && priv && poc, "3.6: the three mesh conns");
	if (!clear || !priv || !poc)
		goto out;
	CHECK(clear->type == CONN_PASSTHROUGH && clear->authby == AUTH_NEVER &&
		      clear->autostart == AUTO_ONDEMAND && clear->right.host_kind == HOST_GROUP &&
		      clear->right.group && clear->left.host_kind == HOST_DEFAULTROUTE,
	      "3.6 clear: passthrough, authby=never, auto=ondemand, right=%%group");
	CHECK(priv->type == CONN_TRANSPORT && priv->failureshunt == SHUNT_DROP &&
		      priv->negotiationshunt == SHUNT_HOLD && priv->right.host_kind == HOST_OPPORTUNISTIC &&
		      priv->right.group && priv->left.rsasigkey_from_cert && priv->right.rsasigkey_from_cert &&
		      strcmp(priv->left.cert, "node") == 0 && priv->left.id.kind == ID_FROMCERT,
	      "3.6 private: transport, shunts drop, right=%%opportunisticgroup, keys %%cert, leftcert=node");
	CHECK(poc->failureshunt == SHUNT_PASS && poc->negotiationshunt == SHUNT_PASS &&
		      poc->authby == AUTH_RSASIG,
	      "3.6 private-or-clear: shunts passthrough, rsasig");
out:
	config_free(cfg);
}

/* 3.7 PPK */
static void ppk(void)
{
	struct config *cfg = load(SEED "ppk.conf");
	const struct conn *c = cfg ? config_conn_find(cfg, "west-east-ppk") : NULL;
	const struct conn *o = cfg ? config_conn_find(cfg, "west-east-ppk-optional") : NULL;
	struct secrets *s = NULL;
	struct diag d;

	CHECK(c && c->ppk == PPK_INSIST && c->authby == AUTH_PSK, "3.7: ppk=insist");
	CHECK(o && o->ppk == PPK_PROPOSE, "3.7: ppk=yes proposes");
	diag_init(&d);
	int r = secrets_load(SEED "ppk.secrets", &s, &d);
	CHECK(r == 0 && d.errors == 0 && s && secrets_count(s) == 2, "3.7: ppk.secrets loads, two entries");
	if (s && c) {
		const struct secret *p = secrets_find_ppk(s, &c->left.id, &c->right.id);
		CHECK(p && p->ppk_id_len == 5 && memcmp(p->ppk_id, "user1", 5) == 0 && p->key_len == 30 &&
			      memcmp(p->key, "thestringismeanttobearandomstr", 30) == 0,
		      "3.7: @west @east : PPKS \"user1\" \"thestringismeanttobearandomstr\"");
		CHECK(secrets_find_ppk_by_id(s, (const uint8_t *)"user1", 5) == p, "3.7: the PPK by its PPK_ID");
		const struct secret *k = secrets_find_psk(s, &c->left.id, &c->right.id);
		CHECK(k && k->key_len == 45, "3.7: the conn's PSK");
	}
	secrets_free(s);
	diag_free(&d);
	config_free(cfg);
}

/* 3.10 TCP */
static void tcp(void)
{
	struct config *cfg = load(SEED "tcp.conf");
	const struct conn *f = cfg ? config_conn_find(cfg, "tcp-fallback") : NULL;
	const struct conn *o = cfg ? config_conn_find(cfg, "tcp-only") : NULL;

	CHECK(cfg && config_setup(cfg)->listen_tcp && config_setup(cfg)->listen_udp,
	      "3.10: config setup listen-tcp=yes (UDP still on)");
	CHECK(f && f->enable_tcp == YNA_AUTO && f->tcp_remoteport == 4500,
	      "3.10: enable-tcp=fallback, tcp-remoteport=4500");
	CHECK(o && o->enable_tcp == YNA_YES && o->tcp_remoteport == 4500, "3.10: enable-tcp=yes");
	config_free(cfg);
}

/* 3.11 NIC offload */
static void nic_offload(void)
{
	struct config *cfg = load(SEED "nic-offload.conf");
	const struct conn *c = cfg ? config_conn_find(cfg, "example") : NULL;

	CHECK(c && c->nic_offload && c->nic_offload_mode == NIC_OFFLOAD_CRYPTO, "3.11: nic-offload=yes");
	config_free(cfg);
}

/* 3.12 crypto-policy %default, and a conn that opts out */
static void crypto_policy(void)
{
	struct config *cfg = load(SEED "crypto-policy/ipsec.conf");
	const struct conn *p = cfg ? config_conn_find(cfg, "follows-policy") : NULL;
	const struct conn *m = cfg ? config_conn_find(cfg, "MyExample") : NULL;
	char buf[2048];

	CHECK(cfg && config_conn_count(cfg) == 2, "3.12: conns from ipsec.d/*.conf");
	CHECK(cfg && strncmp(config_setup(cfg)->virtual_private, "%v4:10.0.0.0/8,", 15) == 0,
	      "3.12: virtual-private");
	if (p) {
		CHECK(!p->ike.is_default && p->ike.count == 5 && p->esp.count == 5 && p->pfs &&
			      p->ikev2 == IKEV2_INSIST,
		      "3.12: the policy's ike=, esp=, pfs=, ikev2= reach the conn");
		CHECK(conn_key_origin(p, "ike") == ORIGIN_DEFAULT && conn_key_origin(p, "left") == ORIGIN_CONN,
		      "3.12: ike= comes from conn %%default");
		proposal_format(&p->esp, true, buf, sizeof(buf));
		/* libreswan testing/pluto/libipsecconf-08-system-crypto-policies (DEFAULT) */
		CHECK_STR(buf, "AES_GCM_16_256-NONE, CHACHA20_POLY1305-NONE, AES_CBC_256-HMAC_SHA2_512_256+HMAC_SHA1_96+HMAC_SHA2_256_128, AES_GCM_16_128-NONE, AES_CBC_128-HMAC_SHA1_96+HMAC_SHA2_256_128",
			  "3.12: ESP algorithms as Libreswan prints them for RHEL's DEFAULT policy");
	} else {
		CHECK(0, "3.12: conn follows-policy");
	}
	if (m) {
		CHECK(m->ike_version == 1 && m->ikev2 == IKEV2_NEVER, "3.12: ikev2=never overrides the policy");
		proposal_format(&m->ike, false, buf, sizeof(buf));
		CHECK_STR(buf, "AES_CBC-HMAC_SHA2_256-MODP2048+MODP1536, AES_CBC-HMAC_SHA1-MODP2048",
			  "3.12: ike=aes-sha2,aes-sha1;modp2048 for IKEv1");
		proposal_format(&m->esp, true, buf, sizeof(buf));
		CHECK_STR(buf, "AES_GCM_16-NONE, AES_CBC-HMAC_SHA2_256_128, AES_CBC-HMAC_SHA1_96",
			  "3.12: esp=aes_gcm,aes-sha2,aes-sha1");
		CHECK(conn_key_origin(m, "ike") == ORIGIN_CONN, "3.12: MyExample's ike= is its own");
	} else {
		CHECK(0, "3.12: conn MyExample");
	}
	config_free(cfg);
}

/* 3.13 NAT */
static void nat(void)
{
	struct config *cfg = load(SEED "nat.conf");
	const struct conn *c = cfg ? config_conn_find(cfg, "myvpn") : NULL;

	CHECK(c && addr_is(&c->left.host, "192.0.2.1") && subnet_is(&c->left.subnets[0], "203.0.113.0/24") &&
		      addr_is(&c->right.host, "192.0.2.2") && subnet_is(&c->right.subnets[0], "198.51.100.0/24"),
	      "3.13: conn myvpn hosts and subnets");
	config_free(cfg);
}

int main(void)
{
	host_to_host();
	site_to_site();
	roadwarrior();
	mesh();
	ppk();
	tcp();
	nic_offload();
	crypto_policy();
	nat();
	return check_done();
}
