package options

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	coordinationv1 "k8s.io/api/coordination/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	genericfeatures "k8s.io/apiserver/pkg/features"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	featuregatetesting "k8s.io/component-base/featuregate/testing"

	_ "github.com/kapi-dev/kapi/pkg/apis/coordination/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/core/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/discovery/install"
)

var testControllers = KnownControllers{
	All:               []string{"namespace-controller", "serviceaccount-controller", "bootstrap-signer-controller"},
	DisabledByDefault: []string{"bootstrap-signer-controller"},
	Aliases:           map[string]string{"namespace": "namespace-controller", "serviceaccount": "serviceaccount-controller", "bootstrapsigner": "bootstrap-signer-controller"},
}

// parse returns the options of a command line.
func parse(t *testing.T, args ...string) *Options {
	t.Helper()
	o := NewOptions(testControllers)
	fs := pflag.NewFlagSet("kapi", pflag.ContinueOnError)
	o.AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return o
}

// complete returns the completed options of a command line.
func complete(t *testing.T, args ...string) CompletedOptions {
	t.Helper()
	c, err := parse(t, args...).Complete()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestValidateNamesTheBadFlag(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	directEgress := writeTestFile(t, "direct.yaml", egressConfig("Direct"))
	konnectivityEgress := writeTestFile(t, "konnectivity.yaml", egressConfig("GRPC"))
	jwtConfig := writeTestFile(t, "authn.yaml", authenticationConfig("https://issuer.example.com", ""))
	httpIssuer := writeTestFile(t, "http.yaml", authenticationConfig("http://issuer.example.com", ""))
	anonymousConfig := writeTestFile(t, "anonymous.yaml", authenticationConfig("https://issuer.example.com", "anonymous:\n  enabled: false\n"))
	authorizationConfig := writeTestFile(t, "authz.yaml", "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthorizationConfiguration\nauthorizers: [{type: RBAC, name: rbac}]\n")
	exclusive := "--authorization-config can not be specified when --authorization-mode or --authorization-webhook-* flags are defined"
	externalSigner := "can't set `--service-account-signing-key-file` and/or `--service-account-key-file` with `--service-account-signing-endpoint` (They are mutually exclusive)"
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"defaults", nil, ""},
		{"OIDC issuer without client", []string{"--oidc-issuer-url=https://issuer.example.com"}, "oidc-issuer-url and oidc-client-id must be specified together"},
		{"OIDC issuer and client", []string{"--oidc-issuer-url=https://issuer.example.com", "--oidc-client-id=kapi"}, ""},
		{"missing OIDC CA", []string{"--oidc-issuer-url=https://issuer.example.com", "--oidc-client-id=kapi", "--oidc-ca-file=" + missing}, "--oidc-ca-file: stat " + missing},
		{"authentication config", []string{"--authentication-config=" + jwtConfig}, ""},
		{"authentication config and OIDC flags", []string{"--authentication-config=" + jwtConfig, "--oidc-issuer-url=https://other.example.com", "--oidc-client-id=kapi"}, "authentication-config file and oidc-* flags are mutually exclusive"},
		{"authentication config over plain HTTP", []string{"--authentication-config=" + httpIssuer}, `jwt[0].issuer.url: Invalid value: "http://issuer.example.com": URL scheme must be https`},
		{"authentication config with the service-account issuer", []string{"--authentication-config=" + jwtConfig, "--service-account-issuer=https://issuer.example.com"}, `jwt[0].issuer.url: Invalid value: "https://issuer.example.com": URL must not overlap with disallowed issuers`},
		{"anonymous in the config and the flag", []string{"--authentication-config=" + anonymousConfig, "--anonymous-auth=false"}, "anonymous-auth flag cannot be set when anonymous field is configured in authentication configuration file"},
		{"anonymous in the config only", []string{"--authentication-config=" + anonymousConfig}, ""},
		{"missing authentication config", []string{"--authentication-config=" + missing}, "--authentication-config: open " + missing},
		{"token webhook version", []string{"--authentication-token-webhook-config-file=" + jwtConfig, "--authentication-token-webhook-version=v2"}, `invalid authentication token webhook version: "v2". Valid versions: "v1", "v1beta1"`},
		{"missing token webhook config", []string{"--authentication-token-webhook-config-file=" + missing}, "--authentication-token-webhook-config-file: stat " + missing},
		{"cluster IP range", []string{"--service-cluster-ip-range=10.0.0.0/33"}, "--service-cluster-ip-range"},
		{"cluster IP range without room", []string{"--service-cluster-ip-range=10.0.0.0/31"}, "--service-cluster-ip-range: 10.0.0.0/31 has no room for services"},
		{"dual-stack range", []string{"--service-cluster-ip-range=10.0.0.0/24,fd00::/108"}, "--service-cluster-ip-range: dual-stack ranges are not supported"},
		{"unknown admission plugin", []string{"--enable-admission-plugins=Bogus"}, `enable-admission-plugins plugin "Bogus" is unknown`},
		{"admission control with enabled plugins", []string{"--admission-control=NamespaceLifecycle", "--enable-admission-plugins=LimitRanger"}, "admission-control and enable-admission-plugins/disable-admission-plugins flags are mutually exclusive"},
		{"unknown admission control plugin", []string{"--admission-control=NamespaceLifecycle,Bogus"}, `admission-control plugin "Bogus" is unknown`},
		{"admission control", []string{"--admission-control=NamespaceLifecycle,ServiceAccount"}, ""},
		{"ABAC without a policy", []string{"--authorization-mode=ABAC"}, "authorization-mode ABAC's authorization policy file not passed"},
		{"missing policy file", []string{"--authorization-mode=ABAC", "--authorization-policy-file=" + missing}, "--authorization-policy-file: stat " + missing},
		{"Webhook without its kubeconfig", []string{"--authorization-mode=Webhook"}, "authorization-mode Webhook's authorization config file not passed"},
		{"missing webhook kubeconfig", []string{"--authorization-mode=Webhook", "--authorization-webhook-config-file=" + missing}, "--authorization-webhook-config-file: stat " + missing},
		{"authorization config", []string{"--authorization-config=" + authorizationConfig}, ""},
		{"authorization config with the default mode", []string{"--authorization-config=" + authorizationConfig, "--authorization-mode=RBAC"}, exclusive},
		{"authorization config with the default webhook version", []string{"--authorization-config=" + authorizationConfig, "--authorization-webhook-version=v1beta1"}, exclusive},
		{"authorization config with a webhook cache TTL", []string{"--authorization-config=" + authorizationConfig, "--authorization-webhook-cache-unauthorized-ttl=1m"}, exclusive},
		{"missing authorization config", []string{"--authorization-config=" + missing}, "open " + missing + ": no such file or directory"},
		{"missing token file", []string{"--token-auth-file=" + missing}, "--token-auth-file: stat " + missing},
		{"missing signing key", []string{"--service-account-signing-key-file=" + missing}, "--service-account-signing-key-file: stat " + missing},
		{"signing endpoint", []string{"--service-account-signing-endpoint=" + missing}, ""},
		{"signing endpoint in the abstract namespace", []string{"--service-account-signing-endpoint=@kapi.signer"}, ""},
		{"signing endpoint with a signing key", []string{"--service-account-signing-endpoint=" + missing, "--service-account-signing-key-file=" + missing}, externalSigner},
		{"signing endpoint with verification keys", []string{"--service-account-signing-endpoint=" + missing, "--service-account-key-file=" + missing}, externalSigner},
		{"signing endpoint not an abstract socket name", []string{"--service-account-signing-endpoint=@abc@"}, "invalid value \"@abc@\" passed for `--service-account-signing-endpoint`, should be a valid location on the filesystem or must be prefixed with @ to name UDS in abstract namespace"},
		{"unknown controller", []string{"--controllers=*,-bogus"}, `--controllers: "bogus" is not in the list of known controllers`},
		{"known aliases and names", []string{"--controllers=*,-namespace,serviceaccount-controller"}, ""},
		{"unknown API group", []string{"--runtime-config=bogus.example.com/v1=false"}, "--runtime-config: unknown api groups bogus.example.com/v1"},
		{"unknown version", []string{"--runtime-config=coordination.k8s.io/v9=true"}, "--runtime-config: group version coordination.k8s.io/v9 that has not been registered"},
		{"only api/all=false", []string{"--runtime-config=api/all=false"}, "--runtime-config: invalid runtime-config with only api/all=false"},
		{"event TTL", []string{"--event-ttl=0"}, "--event-ttl must be at least 1s"},
		{"embedded etcd URL", []string{"--embedded-etcd-client-url=http://[::1]:23790"}, ""},
		{"embedded etcd URL not loopback", []string{"--embedded-etcd-client-url=http://10.1.2.3:2379"}, `--embedded-etcd-client-url "http://10.1.2.3:2379": "10.1.2.3" is not a loopback IP address`},
		{"embedded etcd URL over https", []string{"--embedded-etcd-client-url=https://127.0.0.1:2379"}, `want http://<loopback IP>:<port>`},
		{"embedded etcd URL with etcd servers", []string{"--embedded-etcd-client-url=http://127.0.0.1:2379", "--etcd-servers=http://127.0.0.1:2380"}, "--embedded-etcd-client-url cannot be used with --etcd-servers"},
		{"endpoint reconciler", []string{"--endpoint-reconciler-type=master-count"}, `--endpoint-reconciler-type: unsupported value "master-count"`},
		{"kubernetes service node port", []string{"--kubernetes-service-node-port=30443"}, ""},
		{"kubernetes service node port outside the range", []string{"--kubernetes-service-node-port=8443"}, "kubernetes service node port range 30000-32767 doesn't contain 8443"},
		{"kubernetes service node port not a port", []string{"--kubernetes-service-node-port=70000"}, "--kubernetes-service-node-port 70000 must be between 0 and 65535, inclusive"},
		{"peer address", []string{"--peer-advertise-ip=10.0.0.7", "--peer-advertise-port=6443"}, ""},
		{"peer IP", []string{"--peer-advertise-ip=node-1"}, `--peer-advertise-ip "node-1" is not a valid IP address`},
		{"peer port", []string{"--peer-advertise-port=0"}, `--peer-advertise-port "0" is not a valid port number`},
		{"negative connection throttle", []string{"--max-connection-bytes-per-sec=-1"}, "--max-connection-bytes-per-sec can not be negative"},
		{"direct egress", []string{"--egress-selector-config-file=" + directEgress}, ""},
		{"egress through a proxy", []string{"--egress-selector-config-file=" + konnectivityEgress}, `egress selection "cluster" uses proxy protocol GRPC; kapi only dials directly (Direct)`},
		{"missing egress configuration", []string{"--egress-selector-config-file=" + missing}, "egress-selector-config-file " + missing + " does not exist"},
		{"missing tracing configuration", []string{"--tracing-config-file=" + missing}, "tracing-config-file " + missing + " does not exist"},
		{"hidden metrics of an old version", []string{"--show-hidden-metrics-for-version=1.20"}, `metrics.showHiddenMetricsForVersion: Invalid value: "1.20"`},
		{"metric label allow list", []string{"--allow-metric-labels=apiserver_request_total,verb='GET,LIST'"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := complete(t, append([]string{"--data-dir=" + filepath.Join(t.TempDir(), "data")}, tt.args...)...).Validate()
			var msgs []string
			for _, err := range errs {
				msgs = append(msgs, err.Error())
			}
			got := strings.Join(msgs, "\n")
			switch {
			case tt.want == "" && len(errs) > 0:
				t.Fatalf("Validate() = %s, want no errors", got)
			case tt.want != "" && !strings.Contains(got, tt.want):
				t.Fatalf("Validate() = %q, want an error containing %q", got, tt.want)
			}
		})
	}
}

// writeTestFile writes data to name in a temporary directory and returns its path.
func writeTestFile(t *testing.T, name, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// authenticationConfig is an AuthenticationConfiguration with one JWT issuer, and extra after it.
func authenticationConfig(issuer, extra string) string {
	return "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt:\n- issuer:\n    url: " + issuer +
		"\n    audiences: [kapi]\n  claimMappings:\n    username:\n      claim: sub\n      prefix: \"\"\n" + extra
}

// egressConfig is an EgressSelectorConfiguration sending cluster traffic with protocol.
func egressConfig(protocol string) string {
	transport := ""
	if protocol != "Direct" {
		transport = "\n    transport:\n      uds:\n        udsName: /run/konnectivity.sock"
	}
	return "apiVersion: apiserver.k8s.io/v1beta1\nkind: EgressSelectorConfiguration\negressSelections:\n- name: cluster\n  connection:\n    proxyProtocol: " + protocol + transport + "\n"
}

func TestCoordinatedLeaderElectionIsRefused(t *testing.T) {
	featuregatetesting.SetFeatureGateDuringTest(t, utilfeature.DefaultFeatureGate, genericfeatures.CoordinatedLeaderElection, true)
	errs := complete(t, "--data-dir="+filepath.Join(t.TempDir(), "data")).Validate()
	want := "--feature-gates=CoordinatedLeaderElection=true: kapi does not implement Coordinated Leader Election"
	for _, err := range errs {
		if err.Error() == want {
			return
		}
	}
	t.Fatalf("Validate() = %v, want %q", errs, want)
}

func TestAdmissionControlIsTheCompleteList(t *testing.T) {
	c := complete(t, "--admission-control=ServiceAccount,NamespaceLifecycle")
	if got := strings.Join(c.Admission.EnablePlugins, ","); got != "ServiceAccount,NamespaceLifecycle" {
		t.Errorf("enabled plugins = %s, want the --admission-control list", got)
	}
	disabled := strings.Join(c.Admission.DisablePlugins, ",")
	for _, name := range []string{"LimitRanger", "ResourceQuota", "MutatingAdmissionWebhook", "AlwaysPullImages"} {
		if !strings.Contains(","+disabled+",", ","+name+",") {
			t.Errorf("%s is not disabled: disabled plugins = %s", name, disabled)
		}
	}
	if strings.Contains(disabled, "NamespaceLifecycle") || strings.Contains(disabled, "ServiceAccount") {
		t.Errorf("disabled plugins = %s, which names a listed plugin", disabled)
	}
}

func TestCompleteWritesNothingAndLeavesOptionsAlone(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	o := parse(t)
	c, err := o.Complete()
	if err != nil {
		t.Fatal(err)
	}
	if errs := c.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("Complete and Validate wrote %v", entries)
	}
	if o.DataDir != "" || o.SecureServing.ServerCert.CertKey.CertFile != "" || o.ServerRun.AdvertiseAddress != nil || len(o.ServiceAccounts.Issuers) != 0 {
		t.Errorf("Complete changed the options it completed: %+v", o)
	}
}

func TestCompleteDataDirAndServingCertificate(t *testing.T) {
	certDir := t.TempDir()
	withPair := t.TempDir()
	for _, name := range []string{"apiserver.crt", "apiserver.key"} {
		if err := os.WriteFile(filepath.Join(withPair, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name              string
		args              []string
		dataDir, certFile string
	}{
		{"defaults", nil, ".kapi", filepath.Join(".kapi", "pki", "apiserver.crt")},
		{"data dir", []string{"--data-dir=/d"}, "/d", "/d/pki/apiserver.crt"},
		{"cert dir without a pair", []string{"--cert-dir=" + certDir}, filepath.Join(certDir, "kapi"), filepath.Join(certDir, "kapi", "pki", "apiserver.crt")},
		{"cert dir with a pair", []string{"--cert-dir=" + withPair}, filepath.Join(withPair, "kapi"), filepath.Join(withPair, "apiserver.crt")},
		{"data dir and cert dir", []string{"--data-dir=/d", "--cert-dir=" + withPair}, "/d", filepath.Join(withPair, "apiserver.crt")},
		{"tls cert file", []string{"--tls-cert-file=/c.crt", "--tls-private-key-file=/c.key", "--cert-dir=" + withPair}, filepath.Join(withPair, "kapi"), "/c.crt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := complete(t, tt.args...)
			if c.DataDir != tt.dataDir {
				t.Errorf("DataDir = %q, want %q", c.DataDir, tt.dataDir)
			}
			if got := c.SecureServing.ServerCert.CertKey.CertFile; got != tt.certFile {
				t.Errorf("serving certificate = %q, want %q", got, tt.certFile)
			}
		})
	}
}

func TestCompleteServiceNetwork(t *testing.T) {
	c := complete(t, "--service-cluster-ip-range=10.96.0.0/12", "--service-node-port-range=30000-30100", "--advertise-address=192.0.2.7")
	n := c.ServiceNetwork
	if n.ClusterIPRange.String() != "10.96.0.0/12" || n.NodePortRange.Base != 30000 || n.NodePortRange.Size != 101 || n.PublicIP.String() != "192.0.2.7" {
		t.Errorf("ServiceNetwork = %+v", n)
	}
	if got := c.ServiceAccounts.Issuers; len(got) != 1 || got[0] != defaultServiceAccountIssuer {
		t.Errorf("service-account issuers = %v, want the default", got)
	}
	if c := complete(t, "--advertise-address=192.0.2.7", "--endpoint-reconciler-type=none"); c.ServiceNetwork.PublicIP.IsValid() {
		t.Errorf("with --endpoint-reconciler-type=none the kubernetes service endpoints point at %v", c.ServiceNetwork.PublicIP)
	}
}

func TestControllersEnabled(t *testing.T) {
	tests := []struct {
		flag string
		want map[string]bool
	}{
		{"*", map[string]bool{"namespace-controller": true, "serviceaccount-controller": true, "bootstrap-signer-controller": false}},
		{"*,-namespace", map[string]bool{"namespace-controller": false, "serviceaccount-controller": true, "bootstrap-signer-controller": false}},
		{"*,-namespace-controller", map[string]bool{"namespace-controller": false, "serviceaccount-controller": true}},
		{"namespace", map[string]bool{"namespace-controller": true, "serviceaccount-controller": false, "bootstrap-signer-controller": false}},
		{"*,bootstrapsigner", map[string]bool{"namespace-controller": true, "serviceaccount-controller": true, "bootstrap-signer-controller": true}},
		{"bootstrap-signer-controller", map[string]bool{"namespace-controller": false, "bootstrap-signer-controller": true}},
		{"-namespace,namespace,*", map[string]bool{"namespace-controller": false, "serviceaccount-controller": true}},
		{"-*", map[string]bool{"namespace-controller": false, "serviceaccount-controller": false}},
	}
	for _, tt := range tests {
		t.Run(tt.flag, func(t *testing.T) {
			c := complete(t, "--controllers="+tt.flag)
			for name, want := range tt.want {
				if got := c.Controllers.Enabled(name); got != want {
					t.Errorf("Enabled(%q) = %v, want %v", name, got, want)
				}
			}
		})
	}
}

func TestResourceConfigs(t *testing.T) {
	leases := coordinationv1.SchemeGroupVersion.WithResource("leases")
	slices := discoveryv1.SchemeGroupVersion.WithResource("endpointslices")
	tests := []struct {
		runtimeConfig  string
		leases, slices bool
	}{
		{"", true, true},
		{"coordination.k8s.io/v1=false", false, true},
		{"discovery.k8s.io/v1/endpointslices=false", true, false},
		{"api/all=false,discovery.k8s.io/v1=true", false, true},
		{"api/ga=false,coordination.k8s.io/v1/leases=true", true, false},
		{"api/beta=true", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.runtimeConfig, func(t *testing.T) {
			c := complete(t, "--runtime-config="+tt.runtimeConfig)
			if errs := c.Validate(); len(errs) > 0 {
				t.Fatal(errs)
			}
			r, err := c.ResourceConfigs()
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Kapi.ResourceEnabled(leases); got != tt.leases {
				t.Errorf("leases enabled = %v, want %v", got, tt.leases)
			}
			if got := r.Kapi.ResourceEnabled(slices); got != tt.slices {
				t.Errorf("endpointslices enabled = %v, want %v", got, tt.slices)
			}
		})
	}
}
