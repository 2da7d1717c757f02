// Package options holds kapi's command-line options, with kube-apiserver's flag names and meanings:
// Options are parsed from flags, completed into CompletedOptions and validated, all without side
// effects, before pkg/server builds anything from them.
package options

import (
	"net"
	"path/filepath"

	"github.com/spf13/pflag"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	cliflag "k8s.io/component-base/cli/flag"
	logsapi "k8s.io/component-base/logs/api/v1"
	"k8s.io/component-base/metrics"
	// The JSON log format brings --log-json-info-buffer-size and --log-json-split-stream, as in kube-apiserver.
	_ "k8s.io/component-base/logs/json/register"
	"k8s.io/component-base/version/verflag"

	"github.com/kapi-dev/kapi/pkg/proxyaddress"
	"github.com/kapi-dev/kapi/pkg/proxytransport"
)

// Options are everything a user can say on kapi's command line. Flag names and meanings are
// kube-apiserver's.
type Options struct {
	// DataDir holds the embedded etcd data, the generated PKI and the admin kubeconfig. Empty means
	// defaultDataDir, or a directory inside --cert-dir when that is given.
	DataDir string

	ServerRun     *genericoptions.ServerRunOptions
	SecureServing *genericoptions.SecureServingOptionsWithLoopback
	Etcd          *genericoptions.EtcdOptions
	Admission     *genericoptions.AdmissionOptions
	// AdmissionControl is the deprecated --admission-control, the complete list of admission plugins;
	// Complete turns it into Admission's lists.
	AdmissionControl []string
	// Aggregator are the request-header and proxy flags of the aggregation layer.
	Aggregator AggregatorOptions
	// Audit is the audit policy and the log and webhook backends (--audit-*).
	Audit *genericoptions.AuditOptions
	// Metrics are the --show-hidden-metrics-for-version, --disabled-metrics and metric label flags.
	Metrics *metrics.Options
	// Traces is --tracing-config-file, OpenTelemetry tracing of requests.
	Traces *genericoptions.TracingOptions
	// EgressSelector is --egress-selector-config-file, which may only select direct connections.
	EgressSelector *genericoptions.EgressSelectorOptions
	// Peer are the --peer-* flags of the mixed-version proxy, which a single-version kapi never needs.
	Peer PeerOptions
	// CoordinatedLeadership are the --coordinated-leadership-* timers.
	CoordinatedLeadership CoordinatedLeadershipOptions
	// MaxConnectionBytesPerSec throttles each upgraded connection (--max-connection-bytes-per-sec).
	MaxConnectionBytesPerSec int64
	// Features holds --enable-priority-and-fairness and the profiling flags.
	Features       *genericoptions.FeatureOptions
	APIEnablement  *genericoptions.APIEnablementOptions
	Logs           *logsapi.LoggingConfiguration
	Authentication AuthenticationOptions
	Authorization  AuthorizationOptions
	Networking     NetworkingOptions
	Events         EventsOptions
	// ServiceAccounts are the service-account token flags.
	ServiceAccounts ServiceAccountOptions
	// Controllers chooses the in-process controllers that run (--controllers).
	Controllers ControllerOptions
	// LeaderElection makes one kapi of several on one etcd run the controllers (--leader-elect).
	LeaderElection LeaderElectionOptions
	// Tolerations are the default toleration seconds for pods (--default-*-toleration-seconds).
	Tolerations TolerationOptions
	// AllowPrivileged lets pods run privileged containers (--allow-privileged).
	AllowPrivileged bool
	// Kubelet says how to reach kubelets (--kubelet-*).
	Kubelet KubeletOptions
	// EnableLogsHandler serves the host's /var/log under /logs/ (--enable-logs-handler).
	EnableLogsHandler bool
	// ProxyAddressFilter decides which addresses nodes/proxy, pods/proxy and services/proxy may
	// reach; nil means proxyaddress.Default. Not a flag: tests whose backends listen on loopback set it.
	ProxyAddressFilter proxyaddress.Filter
	// ProxyDial, if set, opens the proxy subresources' connections to pods, services and node ports
	// other than the kubelet's. Not a flag: tests send endpoint addresses to backends on loopback,
	// which Endpoints may not name.
	ProxyDial proxytransport.DialFunc

	// EmbeddedEtcd configures the etcd member kapi runs without --etcd-servers.
	EmbeddedEtcd EmbeddedEtcdOptions
}

// NewOptions returns kapi's defaults: loopback on 6443, data in .kapi, embedded etcd, storage in
// protobuf, RBAC authorization (system:masters always allowed), API Priority and Fairness, and the
// default set of controllers among known.
func NewOptions(known KnownControllers) *Options {
	o := &Options{
		ServerRun:             genericoptions.NewServerRunOptions(),
		SecureServing:         genericoptions.NewSecureServingOptions().WithLoopback(),
		Etcd:                  genericoptions.NewEtcdOptions(storagebackend.NewDefaultConfig("/registry", nil)),
		APIEnablement:         genericoptions.NewAPIEnablementOptions(),
		Features:              genericoptions.NewFeatureOptions(),
		Audit:                 genericoptions.NewAuditOptions(),
		Aggregator:            NewAggregatorOptions(),
		Metrics:               metrics.NewOptions(),
		Traces:                genericoptions.NewTracingOptions(),
		EgressSelector:        genericoptions.NewEgressSelectorOptions(),
		CoordinatedLeadership: NewCoordinatedLeadershipOptions(),
		Logs:                  logsapi.NewLoggingConfiguration(),
		Authentication:        NewAuthenticationOptions(),
		Authorization:         NewAuthorizationOptions(),
		Networking:            NewNetworkingOptions(),
		ServiceAccounts:       NewServiceAccountOptions(),
		Events:                NewEventsOptions(),
		Controllers:           NewControllerOptions(known),
		LeaderElection:        NewLeaderElectionOptions(),
		Tolerations:           NewTolerationOptions(),
		Kubelet:               NewKubeletOptions(),
	}
	o.EnableLogsHandler = true
	o.SecureServing.BindAddress = net.ParseIP("127.0.0.1")
	o.SecureServing.BindPort = 6443
	o.SecureServing.ServerCert.PairName = "apiserver"
	// kapi serves its own generated certificate unless told otherwise, so --cert-dir has no default;
	// given, it also holds kapi's data (see completeDataDir).
	o.SecureServing.ServerCert.CertDirectory = ""
	o.Etcd.DefaultStorageMediaType = "application/vnd.kubernetes.protobuf"
	o.Admission = newAdmissionOptions()
	return o
}

// Flags returns the flags in named sections, as kube-apiserver prints them in --help.
func (o *Options) Flags() cliflag.NamedFlagSets {
	var fss cliflag.NamedFlagSets

	fs := fss.FlagSet("kapi")
	fs.StringVar(&o.DataDir, "data-dir", o.DataDir, "Directory for the embedded etcd's data, the generated certificates and the admin kubeconfig. Defaults to "+defaultDataDir+" in the working directory, or to "+certDirDataDir+" inside --cert-dir when that is set, so that a kapi started by envtest keeps everything in envtest's directory.")

	o.ServerRun.AddUniversalFlags(fss.FlagSet("generic"))
	o.Tolerations.AddFlags(fss.FlagSet("generic"))
	o.Etcd.AddFlags(fss.FlagSet("etcd"))
	o.EmbeddedEtcd.AddFlags(fss.FlagSet("etcd"))
	o.SecureServing.AddFlags(fss.FlagSet("secure serving"))
	o.Audit.AddFlags(fss.FlagSet("auditing"))

	o.Authentication.AddFlags(fss.FlagSet("authentication"))
	o.ServiceAccounts.AddFlags(fss.FlagSet("authentication"))
	o.Aggregator.AddFlags(fss.FlagSet("authentication"), fss.FlagSet("aggregation"))
	o.Authorization.AddFlags(fss.FlagSet("authorization"))
	o.APIEnablement.AddFlags(fss.FlagSet("API enablement"))
	o.addAdmissionControlFlag(fss.FlagSet("admission"))
	o.Admission.AddFlags(fss.FlagSet("admission"))
	o.Features.AddFlags(fss.FlagSet("features"))
	o.EgressSelector.AddFlags(fss.FlagSet("egress selector"))
	o.Metrics.AddFlags(fss.FlagSet("metrics"))
	o.Traces.AddFlags(fss.FlagSet("traces"))
	o.Networking.AddFlags(fss.FlagSet("networking"))
	o.Controllers.AddFlags(fss.FlagSet("controllers"))
	o.LeaderElection.AddFlags(fss.FlagSet("controllers"))
	o.Events.AddFlags(fss.FlagSet("misc"))
	o.Kubelet.AddFlags(fss.FlagSet("misc"))
	o.Networking.AddMiscFlags(fss.FlagSet("misc"))
	o.Peer.AddFlags(fss.FlagSet("misc"))
	o.CoordinatedLeadership.AddFlags(fss.FlagSet("misc"))
	fss.FlagSet("misc").Int64Var(&o.MaxConnectionBytesPerSec, "max-connection-bytes-per-sec", o.MaxConnectionBytesPerSec, "If non-zero, throttle each user connection to this number of bytes/sec. Currently only applies to long-running requests.")
	fss.FlagSet("misc").BoolVar(&o.EnableLogsHandler, "enable-logs-handler", o.EnableLogsHandler, "If true, install a /logs handler for the apiserver logs.")
	_ = fss.FlagSet("misc").MarkDeprecated("enable-logs-handler", "This flag will be removed in v1.19")
	// kube-apiserver's reference lists the flag with its deprecation note; MarkDeprecated alone would hide it.
	fss.FlagSet("misc").Lookup("enable-logs-handler").Hidden = false
	fss.FlagSet("misc").BoolVar(&o.AllowPrivileged, "allow-privileged", o.AllowPrivileged, "If true, allow privileged containers. [default=false]")

	logsapi.AddFlags(o.Logs, fss.FlagSet("logs"))
	verflag.AddFlags(fss.FlagSet("global"))
	return fss
}

// AddFlags adds every flag to fs.
func (o *Options) AddFlags(fs *pflag.FlagSet) {
	for _, f := range o.Flags().FlagSets {
		fs.AddFlagSet(f)
	}
}

// PKIDir is where kapi keeps the certificates it generates.
func (o CompletedOptions) PKIDir() string {
	return filepath.Join(o.DataDir, "pki")
}

// KubeconfigPath is where kapi writes the admin kubeconfig.
func (o CompletedOptions) KubeconfigPath() string {
	return filepath.Join(o.DataDir, "admin.kubeconfig")
}

// EtcdDir is where the embedded etcd keeps its data.
func (o CompletedOptions) EtcdDir() string {
	return filepath.Join(o.DataDir, "etcd")
}
