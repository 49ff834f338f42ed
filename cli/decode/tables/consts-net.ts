// generated from <sys/socket.h>, <linux/in.h>, <linux/netlink.h>, <netinet/in.h>, <netinet/tcp.h>, <netinet/udp.h>, <asm/socket.h>, <linux/tcp.h>, <linux/in6.h>, <linux/icmp.h>, <linux/if_packet.h>, <linux/if_ether.h>, <linux/if_arp.h>, <asm/poll.h>, <linux/eventpoll.h>, cli/decode/data/consts.in by scripts/gen-tables.ts — do not edit
// [name, value] or [name, value, arch] for members that exist on one arch only.
type ConstSet = {
  readonly kind: "flags" | "values";
  /** Flags show ascending by value, or descending, or in the order of the entries (listed). */
  readonly order?: "descending" | "listed";
  /** The comment on unknown bits when it is not the names' common prefix followed by ??? (access: ?_OK). */
  readonly unknown?: string;
  readonly entries: readonly (readonly [string, number] | readonly [string, number, string])[];
};

// address_family: sys/socket.h
export const ADDRESS_FAMILY: ConstSet = {
  kind: "values",
  entries: [
    ["AF_UNSPEC", 0], ["AF_UNIX", 1], ["AF_INET", 2], ["AF_AX25", 3], ["AF_IPX", 4], ["AF_APPLETALK", 5],
    ["AF_NETROM", 6], ["AF_BRIDGE", 7], ["AF_ATMPVC", 8], ["AF_X25", 9], ["AF_INET6", 10], ["AF_ROSE", 11],
    ["AF_DECnet", 12], ["AF_NETBEUI", 13], ["AF_SECURITY", 14], ["AF_KEY", 15], ["AF_NETLINK", 16],
    ["AF_PACKET", 17], ["AF_ASH", 18], ["AF_ECONET", 19], ["AF_ATMSVC", 20], ["AF_RDS", 21], ["AF_SNA", 22],
    ["AF_IRDA", 23], ["AF_PPPOX", 24], ["AF_WANPIPE", 25], ["AF_LLC", 26], ["AF_IB", 27], ["AF_MPLS", 28],
    ["AF_CAN", 29], ["AF_TIPC", 30], ["AF_BLUETOOTH", 31], ["AF_IUCV", 32], ["AF_RXRPC", 33], ["AF_ISDN", 34],
    ["AF_PHONET", 35], ["AF_IEEE802154", 36], ["AF_CAIF", 37], ["AF_ALG", 38], ["AF_NFC", 39],
    ["AF_VSOCK", 40], ["AF_KCM", 41], ["AF_QIPCRTR", 42], ["AF_SMC", 43], ["AF_XDP", 44], ["AF_MCTP", 45],
  ],
};

// socket_type: sys/socket.h
export const SOCKET_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["SOCK_STREAM", 1], ["SOCK_DGRAM", 2], ["SOCK_RAW", 3], ["SOCK_RDM", 4], ["SOCK_SEQPACKET", 5],
    ["SOCK_DCCP", 6], ["SOCK_PACKET", 10],
  ],
};

// socket_flags: sys/socket.h
export const SOCKET_FLAGS: ConstSet = {
  kind: "flags",
  order: "listed",
  entries: [
    ["SOCK_CLOEXEC", 0x80000], ["SOCK_NONBLOCK", 0x800],
  ],
};

// ip_protocol: linux/in.h
export const IP_PROTOCOL: ConstSet = {
  kind: "values",
  entries: [
    ["IPPROTO_IP", 0], ["IPPROTO_ICMP", 1], ["IPPROTO_IGMP", 2], ["IPPROTO_IPIP", 4], ["IPPROTO_TCP", 6],
    ["IPPROTO_EGP", 8], ["IPPROTO_PUP", 12], ["IPPROTO_UDP", 17], ["IPPROTO_IDP", 22], ["IPPROTO_TP", 29],
    ["IPPROTO_DCCP", 33], ["IPPROTO_IPV6", 41], ["IPPROTO_RSVP", 46], ["IPPROTO_GRE", 47],
    ["IPPROTO_ESP", 50], ["IPPROTO_AH", 51], ["IPPROTO_MTP", 92], ["IPPROTO_BEETPH", 94],
    ["IPPROTO_ENCAP", 98], ["IPPROTO_PIM", 103], ["IPPROTO_COMP", 108], ["IPPROTO_L2TP", 115],
    ["IPPROTO_SCTP", 132], ["IPPROTO_UDPLITE", 136], ["IPPROTO_MPLS", 137], ["IPPROTO_ETHERNET", 143],
    ["IPPROTO_RAW", 255], ["IPPROTO_MPTCP", 262],
  ],
};

// netlink_protocol: linux/netlink.h
export const NETLINK_PROTOCOL: ConstSet = {
  kind: "values",
  entries: [
    ["NETLINK_ROUTE", 0], ["NETLINK_UNUSED", 1], ["NETLINK_USERSOCK", 2], ["NETLINK_FIREWALL", 3],
    ["NETLINK_SOCK_DIAG", 4], ["NETLINK_NFLOG", 5], ["NETLINK_XFRM", 6], ["NETLINK_SELINUX", 7],
    ["NETLINK_ISCSI", 8], ["NETLINK_AUDIT", 9], ["NETLINK_FIB_LOOKUP", 10], ["NETLINK_CONNECTOR", 11],
    ["NETLINK_NETFILTER", 12], ["NETLINK_IP6_FW", 13], ["NETLINK_DNRTMSG", 14],
    ["NETLINK_KOBJECT_UEVENT", 15], ["NETLINK_GENERIC", 16], ["NETLINK_SCSITRANSPORT", 18],
    ["NETLINK_ECRYPTFS", 19], ["NETLINK_RDMA", 20], ["NETLINK_CRYPTO", 21], ["NETLINK_SMC", 22],
  ],
};

// msg_flags: sys/socket.h
export const MSG_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["MSG_OOB", 0x1], ["MSG_PEEK", 0x2], ["MSG_DONTROUTE", 0x4], ["MSG_CTRUNC", 0x8], ["MSG_PROXY", 0x10],
    ["MSG_TRUNC", 0x20], ["MSG_DONTWAIT", 0x40], ["MSG_EOR", 0x80], ["MSG_WAITALL", 0x100],
    ["MSG_FIN", 0x200], ["MSG_SYN", 0x400], ["MSG_CONFIRM", 0x800], ["MSG_RST", 0x1000],
    ["MSG_ERRQUEUE", 0x2000], ["MSG_NOSIGNAL", 0x4000], ["MSG_MORE", 0x8000], ["MSG_WAITFORONE", 0x10000],
    ["MSG_BATCH", 0x40000], ["MSG_ZEROCOPY", 0x4000000], ["MSG_FASTOPEN", 0x20000000],
    ["MSG_CMSG_CLOEXEC", 0x40000000],
  ],
};

// socket_level: sys/socket.h, netinet/in.h, netinet/tcp.h, netinet/udp.h
export const SOCKET_LEVEL: ConstSet = {
  kind: "values",
  entries: [
    ["SOL_IP", 0], ["SOL_SOCKET", 1], ["SOL_TCP", 6], ["SOL_UDP", 17], ["SOL_IPV6", 41], ["SOL_ICMPV6", 58],
    ["SOL_RAW", 255], ["SOL_DECNET", 261], ["SOL_X25", 262], ["SOL_PACKET", 263], ["SOL_ATM", 264],
    ["SOL_AAL", 265], ["SOL_IRDA", 266], ["SOL_NETBEUI", 267], ["SOL_LLC", 268], ["SOL_DCCP", 269],
    ["SOL_NETLINK", 270], ["SOL_TIPC", 271], ["SOL_RXRPC", 272], ["SOL_PPPOL2TP", 273],
    ["SOL_BLUETOOTH", 274], ["SOL_PNPIPE", 275], ["SOL_RDS", 276], ["SOL_IUCV", 277], ["SOL_CAIF", 278],
    ["SOL_ALG", 279], ["SOL_NFC", 280], ["SOL_KCM", 281], ["SOL_TLS", 282], ["SOL_XDP", 283],
    ["SOL_MPTCP", 284], ["SOL_MCTP", 285], ["SOL_SMC", 286],
  ],
};

// socket_option: asm/socket.h
export const SOCKET_OPTION: ConstSet = {
  kind: "values",
  entries: [
    ["SO_DEBUG", 1], ["SO_REUSEADDR", 2], ["SO_TYPE", 3], ["SO_ERROR", 4], ["SO_DONTROUTE", 5],
    ["SO_BROADCAST", 6], ["SO_SNDBUF", 7], ["SO_RCVBUF", 8], ["SO_KEEPALIVE", 9], ["SO_OOBINLINE", 10],
    ["SO_NO_CHECK", 11], ["SO_PRIORITY", 12], ["SO_LINGER", 13], ["SO_BSDCOMPAT", 14], ["SO_REUSEPORT", 15],
    ["SO_PASSCRED", 16], ["SO_PEERCRED", 17], ["SO_RCVLOWAT", 18], ["SO_SNDLOWAT", 19],
    ["SO_RCVTIMEO_OLD", 20], ["SO_SNDTIMEO_OLD", 21], ["SO_SECURITY_AUTHENTICATION", 22],
    ["SO_SECURITY_ENCRYPTION_TRANSPORT", 23], ["SO_SECURITY_ENCRYPTION_NETWORK", 24], ["SO_BINDTODEVICE", 25],
    ["SO_ATTACH_FILTER", 26], ["SO_DETACH_FILTER", 27], ["SO_PEERNAME", 28], ["SO_TIMESTAMP_OLD", 29],
    ["SO_ACCEPTCONN", 30], ["SO_PEERSEC", 31], ["SO_SNDBUFFORCE", 32], ["SO_RCVBUFFORCE", 33],
    ["SO_PASSSEC", 34], ["SO_TIMESTAMPNS_OLD", 35], ["SO_MARK", 36], ["SO_TIMESTAMPING_OLD", 37],
    ["SO_PROTOCOL", 38], ["SO_DOMAIN", 39], ["SO_RXQ_OVFL", 40], ["SO_WIFI_STATUS", 41], ["SO_PEEK_OFF", 42],
    ["SO_NOFCS", 43], ["SO_LOCK_FILTER", 44], ["SO_SELECT_ERR_QUEUE", 45], ["SO_BUSY_POLL", 46],
    ["SO_MAX_PACING_RATE", 47], ["SO_BPF_EXTENSIONS", 48], ["SO_INCOMING_CPU", 49], ["SO_ATTACH_BPF", 50],
    ["SO_ATTACH_REUSEPORT_CBPF", 51], ["SO_ATTACH_REUSEPORT_EBPF", 52], ["SO_CNX_ADVICE", 53],
    ["SO_MEMINFO", 55], ["SO_INCOMING_NAPI_ID", 56], ["SO_COOKIE", 57], ["SO_PEERGROUPS", 59],
    ["SO_ZEROCOPY", 60], ["SO_TXTIME", 61], ["SO_BINDTOIFINDEX", 62], ["SO_TIMESTAMP_NEW", 63],
    ["SO_TIMESTAMPNS_NEW", 64], ["SO_TIMESTAMPING_NEW", 65], ["SO_RCVTIMEO_NEW", 66], ["SO_SNDTIMEO_NEW", 67],
    ["SO_DETACH_REUSEPORT_BPF", 68], ["SO_PREFER_BUSY_POLL", 69], ["SO_BUSY_POLL_BUDGET", 70],
    ["SO_NETNS_COOKIE", 71], ["SO_BUF_LOCK", 72], ["SO_RESERVE_MEM", 73], ["SO_TXREHASH", 74],
    ["SO_RCVMARK", 75],
  ],
};

// tcp_option: linux/tcp.h
export const TCP_OPTION: ConstSet = {
  kind: "values",
  entries: [
    ["TCP_NODELAY", 1], ["TCP_MAXSEG", 2], ["TCP_CORK", 3], ["TCP_KEEPIDLE", 4], ["TCP_KEEPINTVL", 5],
    ["TCP_KEEPCNT", 6], ["TCP_SYNCNT", 7], ["TCP_LINGER2", 8], ["TCP_DEFER_ACCEPT", 9],
    ["TCP_WINDOW_CLAMP", 10], ["TCP_INFO", 11], ["TCP_QUICKACK", 12], ["TCP_CONGESTION", 13],
    ["TCP_MD5SIG", 14], ["TCP_THIN_LINEAR_TIMEOUTS", 16], ["TCP_THIN_DUPACK", 17], ["TCP_USER_TIMEOUT", 18],
    ["TCP_REPAIR", 19], ["TCP_REPAIR_QUEUE", 20], ["TCP_QUEUE_SEQ", 21], ["TCP_REPAIR_OPTIONS", 22],
    ["TCP_FASTOPEN", 23], ["TCP_TIMESTAMP", 24], ["TCP_NOTSENT_LOWAT", 25], ["TCP_CC_INFO", 26],
    ["TCP_SAVE_SYN", 27], ["TCP_SAVED_SYN", 28], ["TCP_REPAIR_WINDOW", 29], ["TCP_FASTOPEN_CONNECT", 30],
    ["TCP_ULP", 31], ["TCP_MD5SIG_EXT", 32], ["TCP_FASTOPEN_KEY", 33], ["TCP_FASTOPEN_NO_COOKIE", 34],
    ["TCP_ZEROCOPY_RECEIVE", 35], ["TCP_INQ", 36], ["TCP_TX_DELAY", 37],
  ],
};

// ip_option: linux/in.h
export const IP_OPTION: ConstSet = {
  kind: "values",
  entries: [
    ["IP_TOS", 1], ["IP_TTL", 2], ["IP_HDRINCL", 3], ["IP_OPTIONS", 4], ["IP_ROUTER_ALERT", 5],
    ["IP_RECVOPTS", 6], ["IP_RETOPTS", 7], ["IP_PKTINFO", 8], ["IP_PKTOPTIONS", 9], ["IP_MTU_DISCOVER", 10],
    ["IP_RECVERR", 11], ["IP_RECVTTL", 12], ["IP_RECVTOS", 13], ["IP_MTU", 14], ["IP_FREEBIND", 15],
    ["IP_IPSEC_POLICY", 16], ["IP_XFRM_POLICY", 17], ["IP_PASSSEC", 18], ["IP_TRANSPARENT", 19],
    ["IP_ORIGDSTADDR", 20], ["IP_MINTTL", 21], ["IP_NODEFRAG", 22], ["IP_CHECKSUM", 23],
    ["IP_BIND_ADDRESS_NO_PORT", 24], ["IP_RECVFRAGSIZE", 25], ["IP_RECVERR_RFC4884", 26],
    ["IP_MULTICAST_IF", 32], ["IP_MULTICAST_TTL", 33], ["IP_MULTICAST_LOOP", 34], ["IP_ADD_MEMBERSHIP", 35],
    ["IP_DROP_MEMBERSHIP", 36], ["IP_UNBLOCK_SOURCE", 37], ["IP_BLOCK_SOURCE", 38],
    ["IP_ADD_SOURCE_MEMBERSHIP", 39], ["IP_DROP_SOURCE_MEMBERSHIP", 40], ["IP_MSFILTER", 41],
    ["MCAST_JOIN_GROUP", 42], ["MCAST_BLOCK_SOURCE", 43], ["MCAST_UNBLOCK_SOURCE", 44],
    ["MCAST_LEAVE_GROUP", 45], ["MCAST_JOIN_SOURCE_GROUP", 46], ["MCAST_LEAVE_SOURCE_GROUP", 47],
    ["MCAST_MSFILTER", 48], ["IP_MULTICAST_ALL", 49], ["IP_UNICAST_IF", 50],
  ],
};

// ipv6_option: linux/in.h, linux/in6.h
export const IPV6_OPTION: ConstSet = {
  kind: "values",
  entries: [
    ["IPV6_ADDRFORM", 1], ["IPV6_2292PKTINFO", 2], ["IPV6_2292HOPOPTS", 3], ["IPV6_2292DSTOPTS", 4],
    ["IPV6_2292RTHDR", 5], ["IPV6_2292PKTOPTIONS", 6], ["IPV6_CHECKSUM", 7], ["IPV6_2292HOPLIMIT", 8],
    ["IPV6_NEXTHOP", 9], ["IPV6_AUTHHDR", 10], ["IPV6_FLOWINFO", 11], ["IPV6_UNICAST_HOPS", 16],
    ["IPV6_MULTICAST_IF", 17], ["IPV6_MULTICAST_HOPS", 18], ["IPV6_MULTICAST_LOOP", 19],
    ["IPV6_ADD_MEMBERSHIP", 20], ["IPV6_DROP_MEMBERSHIP", 21], ["IPV6_ROUTER_ALERT", 22],
    ["IPV6_MTU_DISCOVER", 23], ["IPV6_MTU", 24], ["IPV6_RECVERR", 25], ["IPV6_V6ONLY", 26],
    ["IPV6_JOIN_ANYCAST", 27], ["IPV6_LEAVE_ANYCAST", 28], ["IPV6_MULTICAST_ALL", 29],
    ["IPV6_ROUTER_ALERT_ISOLATE", 30], ["IPV6_RECVERR_RFC4884", 31], ["IPV6_FLOWLABEL_MGR", 32],
    ["IPV6_FLOWINFO_SEND", 33], ["IPV6_IPSEC_POLICY", 34], ["IPV6_XFRM_POLICY", 35], ["IPV6_HDRINCL", 36],
    ["MCAST_JOIN_GROUP", 42], ["MCAST_BLOCK_SOURCE", 43], ["MCAST_UNBLOCK_SOURCE", 44],
    ["MCAST_LEAVE_GROUP", 45], ["MCAST_JOIN_SOURCE_GROUP", 46], ["MCAST_LEAVE_SOURCE_GROUP", 47],
    ["MCAST_MSFILTER", 48], ["IPV6_RECVPKTINFO", 49], ["IPV6_PKTINFO", 50], ["IPV6_RECVHOPLIMIT", 51],
    ["IPV6_HOPLIMIT", 52], ["IPV6_RECVHOPOPTS", 53], ["IPV6_HOPOPTS", 54], ["IPV6_RTHDRDSTOPTS", 55],
    ["IPV6_RECVRTHDR", 56], ["IPV6_RTHDR", 57], ["IPV6_RECVDSTOPTS", 58], ["IPV6_DSTOPTS", 59],
    ["IPV6_RECVPATHMTU", 60], ["IPV6_PATHMTU", 61], ["IPV6_DONTFRAG", 62], ["IPV6_RECVTCLASS", 66],
    ["IPV6_TCLASS", 67], ["IPV6_AUTOFLOWLABEL", 70], ["IPV6_ADDR_PREFERENCES", 72], ["IPV6_MINHOPCOUNT", 73],
    ["IPV6_ORIGDSTADDR", 74], ["IPV6_TRANSPARENT", 75], ["IPV6_UNICAST_IF", 76], ["IPV6_RECVFRAGSIZE", 77],
    ["IPV6_FREEBIND", 78],
  ],
};

// raw_option: linux/icmp.h
export const RAW_OPTION: ConstSet = {
  kind: "values",
  entries: [
    ["ICMP_FILTER", 1],
  ],
};

// packet_option: linux/if_packet.h
export const PACKET_OPTION: ConstSet = {
  kind: "values",
  entries: [
    ["PACKET_ADD_MEMBERSHIP", 1], ["PACKET_DROP_MEMBERSHIP", 2], ["PACKET_RECV_OUTPUT", 3],
    ["PACKET_RX_RING", 5], ["PACKET_STATISTICS", 6], ["PACKET_COPY_THRESH", 7], ["PACKET_AUXDATA", 8],
    ["PACKET_ORIGDEV", 9], ["PACKET_VERSION", 10], ["PACKET_HDRLEN", 11], ["PACKET_RESERVE", 12],
    ["PACKET_TX_RING", 13], ["PACKET_LOSS", 14], ["PACKET_VNET_HDR", 15], ["PACKET_TX_TIMESTAMP", 16],
    ["PACKET_TIMESTAMP", 17], ["PACKET_FANOUT", 18], ["PACKET_TX_HAS_OFF", 19], ["PACKET_QDISC_BYPASS", 20],
    ["PACKET_ROLLOVER_STATS", 21], ["PACKET_FANOUT_DATA", 22], ["PACKET_IGNORE_OUTGOING", 23],
  ],
};

// netlink_option: linux/netlink.h
export const NETLINK_OPTION: ConstSet = {
  kind: "values",
  entries: [
    ["NETLINK_ADD_MEMBERSHIP", 1], ["NETLINK_DROP_MEMBERSHIP", 2], ["NETLINK_PKTINFO", 3],
    ["NETLINK_BROADCAST_ERROR", 4], ["NETLINK_NO_ENOBUFS", 5], ["NETLINK_RX_RING", 6], ["NETLINK_TX_RING", 7],
    ["NETLINK_LISTEN_ALL_NSID", 8], ["NETLINK_LIST_MEMBERSHIPS", 9], ["NETLINK_CAP_ACK", 10],
    ["NETLINK_EXT_ACK", 11], ["NETLINK_GET_STRICT_CHK", 12],
  ],
};

// icmp_type: linux/icmp.h
export const ICMP_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["ICMP_ECHOREPLY", 0], ["ICMP_DEST_UNREACH", 3], ["ICMP_SOURCE_QUENCH", 4], ["ICMP_REDIRECT", 5],
    ["ICMP_ECHO", 8], ["ICMP_TIME_EXCEEDED", 11], ["ICMP_PARAMETERPROB", 12], ["ICMP_TIMESTAMP", 13],
    ["ICMP_TIMESTAMPREPLY", 14], ["ICMP_INFO_REQUEST", 15], ["ICMP_INFO_REPLY", 16], ["ICMP_ADDRESS", 17],
    ["ICMP_ADDRESSREPLY", 18],
  ],
};

// packet_mr_type: linux/if_packet.h
export const PACKET_MR_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["PACKET_MR_MULTICAST", 0], ["PACKET_MR_PROMISC", 1], ["PACKET_MR_ALLMULTI", 2], ["PACKET_MR_UNICAST", 3],
  ],
};

// ethernet_protocol: linux/if_ether.h
export const ETHERNET_PROTOCOL: ConstSet = {
  kind: "values",
  entries: [
    ["ETH_P_802_3", 1], ["ETH_P_AX25", 2], ["ETH_P_ALL", 3], ["ETH_P_802_2", 4], ["ETH_P_SNAP", 5],
    ["ETH_P_DDCMP", 6], ["ETH_P_WAN_PPP", 7], ["ETH_P_PPP_MP", 8], ["ETH_P_LOCALTALK", 9], ["ETH_P_CAN", 12],
    ["ETH_P_CANFD", 13], ["ETH_P_CANXL", 14], ["ETH_P_PPPTALK", 16], ["ETH_P_TR_802_2", 17],
    ["ETH_P_MOBITEX", 21], ["ETH_P_CONTROL", 22], ["ETH_P_IRDA", 23], ["ETH_P_ECONET", 24],
    ["ETH_P_HDLC", 25], ["ETH_P_ARCNET", 26], ["ETH_P_DSA", 27], ["ETH_P_TRAILER", 28], ["ETH_P_LOOP", 96],
    ["ETH_P_PHONET", 245], ["ETH_P_IEEE802154", 246], ["ETH_P_CAIF", 247], ["ETH_P_XDSA", 248],
    ["ETH_P_MAP", 249], ["ETH_P_MCTP", 250], ["ETH_P_PUP", 512], ["ETH_P_PUPAT", 513], ["ETH_P_IP", 2048],
    ["ETH_P_X25", 2053], ["ETH_P_ARP", 2054], ["ETH_P_BPQ", 2303], ["ETH_P_IEEEPUP", 2560],
    ["ETH_P_IEEEPUPAT", 2561], ["ETH_P_ERSPAN2", 8939], ["ETH_P_TSN", 8944], ["ETH_P_BATMAN", 17157],
    ["ETH_P_DEC", 24576], ["ETH_P_DNA_DL", 24577], ["ETH_P_DNA_RC", 24578], ["ETH_P_DNA_RT", 24579],
    ["ETH_P_LAT", 24580], ["ETH_P_DIAG", 24581], ["ETH_P_CUST", 24582], ["ETH_P_SCA", 24583],
    ["ETH_P_TEB", 25944], ["ETH_P_RARP", 32821], ["ETH_P_ATALK", 32923], ["ETH_P_AARP", 33011],
    ["ETH_P_8021Q", 33024], ["ETH_P_IPX", 33079], ["ETH_P_IPV6", 34525], ["ETH_P_PAUSE", 34824],
    ["ETH_P_SLOW", 34825], ["ETH_P_WCCP", 34878], ["ETH_P_MPLS_UC", 34887], ["ETH_P_MPLS_MC", 34888],
    ["ETH_P_ATMMPOA", 34892], ["ETH_P_PPP_DISC", 34915], ["ETH_P_PPP_SES", 34916], ["ETH_P_LINK_CTL", 34924],
    ["ETH_P_ATMFATE", 34948], ["ETH_P_PAE", 34958], ["ETH_P_PROFINET", 34962], ["ETH_P_REALTEK", 34969],
    ["ETH_P_AOE", 34978], ["ETH_P_ETHERCAT", 34980], ["ETH_P_8021AD", 34984], ["ETH_P_802_EX1", 34997],
    ["ETH_P_ERSPAN", 35006], ["ETH_P_PREAUTH", 35015], ["ETH_P_TIPC", 35018], ["ETH_P_LLDP", 35020],
    ["ETH_P_MRP", 35043], ["ETH_P_MACSEC", 35045], ["ETH_P_8021AH", 35047], ["ETH_P_MVRP", 35061],
    ["ETH_P_1588", 35063], ["ETH_P_NCSI", 35064], ["ETH_P_PRP", 35067], ["ETH_P_CFM", 35074],
    ["ETH_P_FCOE", 35078], ["ETH_P_TDLS", 35085], ["ETH_P_FIP", 35092], ["ETH_P_IBOE", 35093],
    ["ETH_P_80221", 35095], ["ETH_P_HSR", 35119], ["ETH_P_NSH", 35151], ["ETH_P_LOOPBACK", 36864],
    ["ETH_P_QINQ1", 37120], ["ETH_P_QINQ2", 37376], ["ETH_P_QINQ3", 37632], ["ETH_P_EDSA", 56026],
    ["ETH_P_DSA_8021Q", 56027], ["ETH_P_DSA_A5PSW", 57345], ["ETH_P_IFE", 60734], ["ETH_P_AF_IUCV", 64507],
  ],
};

// arp_hardware: linux/if_arp.h
export const ARP_HARDWARE: ConstSet = {
  kind: "values",
  entries: [
    ["ARPHRD_NETROM", 0], ["ARPHRD_ETHER", 1], ["ARPHRD_EETHER", 2], ["ARPHRD_AX25", 3], ["ARPHRD_PRONET", 4],
    ["ARPHRD_CHAOS", 5], ["ARPHRD_IEEE802", 6], ["ARPHRD_ARCNET", 7], ["ARPHRD_APPLETLK", 8],
    ["ARPHRD_DLCI", 15], ["ARPHRD_ATM", 19], ["ARPHRD_METRICOM", 23], ["ARPHRD_IEEE1394", 24],
    ["ARPHRD_EUI64", 27], ["ARPHRD_INFINIBAND", 32], ["ARPHRD_SLIP", 256], ["ARPHRD_CSLIP", 257],
    ["ARPHRD_SLIP6", 258], ["ARPHRD_CSLIP6", 259], ["ARPHRD_RSRVD", 260], ["ARPHRD_ADAPT", 264],
    ["ARPHRD_ROSE", 270], ["ARPHRD_X25", 271], ["ARPHRD_HWX25", 272], ["ARPHRD_CAN", 280],
    ["ARPHRD_MCTP", 290], ["ARPHRD_PPP", 512], ["ARPHRD_CISCO", 513], ["ARPHRD_LAPB", 516],
    ["ARPHRD_DDCMP", 517], ["ARPHRD_RAWHDLC", 518], ["ARPHRD_RAWIP", 519], ["ARPHRD_TUNNEL", 768],
    ["ARPHRD_TUNNEL6", 769], ["ARPHRD_FRAD", 770], ["ARPHRD_SKIP", 771], ["ARPHRD_LOOPBACK", 772],
    ["ARPHRD_LOCALTLK", 773], ["ARPHRD_FDDI", 774], ["ARPHRD_BIF", 775], ["ARPHRD_SIT", 776],
    ["ARPHRD_IPDDP", 777], ["ARPHRD_IPGRE", 778], ["ARPHRD_PIMREG", 779], ["ARPHRD_HIPPI", 780],
    ["ARPHRD_ASH", 781], ["ARPHRD_ECONET", 782], ["ARPHRD_IRDA", 783], ["ARPHRD_FCPP", 784],
    ["ARPHRD_FCAL", 785], ["ARPHRD_FCPL", 786], ["ARPHRD_FCFABRIC", 787], ["ARPHRD_IEEE802_TR", 800],
    ["ARPHRD_IEEE80211", 801], ["ARPHRD_IEEE80211_PRISM", 802], ["ARPHRD_IEEE80211_RADIOTAP", 803],
    ["ARPHRD_IEEE802154", 804], ["ARPHRD_IEEE802154_MONITOR", 805], ["ARPHRD_PHONET", 820],
    ["ARPHRD_PHONET_PIPE", 821], ["ARPHRD_CAIF", 822], ["ARPHRD_IP6GRE", 823], ["ARPHRD_NETLINK", 824],
    ["ARPHRD_6LOWPAN", 825], ["ARPHRD_VSOCKMON", 826], ["ARPHRD_NONE", 65534], ["ARPHRD_VOID", 65535],
  ],
};

// packet_type: linux/if_packet.h
export const PACKET_TYPE: ConstSet = {
  kind: "values",
  entries: [
    ["PACKET_HOST", 0], ["PACKET_BROADCAST", 1], ["PACKET_MULTICAST", 2], ["PACKET_OTHERHOST", 3],
    ["PACKET_OUTGOING", 4], ["PACKET_LOOPBACK", 5], ["PACKET_USER", 6], ["PACKET_KERNEL", 7],
  ],
};

// shutdown_how: sys/socket.h
export const SHUTDOWN_HOW: ConstSet = {
  kind: "values",
  entries: [
    ["SHUT_RD", 0], ["SHUT_WR", 1], ["SHUT_RDWR", 2],
  ],
};

// poll_events: asm/poll.h
export const POLL_EVENTS: ConstSet = {
  kind: "flags",
  entries: [
    ["POLLIN", 0x1], ["POLLPRI", 0x2], ["POLLOUT", 0x4], ["POLLERR", 0x8], ["POLLHUP", 0x10],
    ["POLLNVAL", 0x20], ["POLLRDNORM", 0x40], ["POLLRDBAND", 0x80], ["POLLWRNORM", 0x100],
    ["POLLWRBAND", 0x200], ["POLLMSG", 0x400], ["POLLREMOVE", 0x1000], ["POLLRDHUP", 0x2000],
  ],
};

// epoll_events: linux/eventpoll.h
export const EPOLL_EVENTS: ConstSet = {
  kind: "flags",
  entries: [
    ["EPOLLIN", 0x1], ["EPOLLPRI", 0x2], ["EPOLLOUT", 0x4], ["EPOLLERR", 0x8], ["EPOLLHUP", 0x10],
    ["EPOLLNVAL", 0x20], ["EPOLLRDNORM", 0x40], ["EPOLLRDBAND", 0x80], ["EPOLLWRNORM", 0x100],
    ["EPOLLWRBAND", 0x200], ["EPOLLMSG", 0x400], ["EPOLLRDHUP", 0x2000], ["EPOLL_URING_WAKE", 0x8000000],
    ["EPOLLEXCLUSIVE", 0x10000000], ["EPOLLWAKEUP", 0x20000000], ["EPOLLONESHOT", 0x40000000],
    ["EPOLLET", 0x80000000],
  ],
};

// epoll_op: linux/eventpoll.h
export const EPOLL_OP: ConstSet = {
  kind: "values",
  entries: [
    ["EPOLL_CTL_ADD", 1], ["EPOLL_CTL_DEL", 2], ["EPOLL_CTL_MOD", 3],
  ],
};

// epoll_flags: linux/eventpoll.h
export const EPOLL_FLAGS: ConstSet = {
  kind: "flags",
  entries: [
    ["EPOLL_CLOEXEC", 0x80000],
  ],
};
