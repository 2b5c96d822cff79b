# lab2xn.sh - the benchmarks' lab (sourced, not run; not executable, so
# run.sh skips it): two hypervisors ${P}hv1/2 with a bridge br0 each, a
# veth underlay 110.0.0.1-2/24, VXLAN vni 42 between them, and N hosts per
# hypervisor ${P}h1..${P}h2N, one veth each into its bridge.

# host i's address: hosts 1..N on hv1, N+1..2N on hv2, in 32.0.0.0/16
host_addr() { echo "32.0.$(($1 / 200)).$(($1 % 200 + 2))/16"; }

# The ovtsh script of the lab, on stdout (P and HOSTS from the caller).
lab2xn_script() {
	local i hv
	echo "hypervisor ${P}hv1"; echo " bridge br0"; echo "exit"
	echo "hypervisor ${P}hv2"; echo " bridge br0"; echo "exit"
	echo "hypervisor ${P}hv1"
	echo " connect underlay hypervisor ${P}hv2 address 110.0.0.1/24 peer-address 110.0.0.2/24"
	echo "exit"
	for i in $(seq 1 $((2 * HOSTS))); do
		hv=hv1; [ "$i" -gt "$HOSTS" ] && hv=hv2
		echo "hypervisor ${P}h$i"
		echo " connect eth0 hypervisor ${P}$hv peer p$i bridge br0 address $(host_addr "$i")"
		echo "exit"
	done
	echo "tunnel vx42"; echo " type vxlan"; echo " vni 42"; echo " dstport 4789"
	echo " endpoint hypervisor ${P}hv1 local 110.0.0.1 dev underlay bridge br0"
	echo " endpoint hypervisor ${P}hv2 local 110.0.0.2 dev underlay bridge br0"
	echo "exit"
}
