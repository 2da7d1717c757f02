// Package app turns kapi's command line into a running API server: options → config → completed
// config → server.
package app

import (
	"fmt"
	"net"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	cliflag "k8s.io/component-base/cli/flag"
	logsapi "k8s.io/component-base/logs/api/v1"
	"k8s.io/component-base/version/verflag"

	kapiauthorizer "github.com/kapi-dev/kapi/pkg/auth/authorizer"
)

// Options are everything a user can say on kapi's command line. Flag names and meanings are
// kube-apiserver's.
type Options struct {
	// DataDir holds the embedded etcd data, the generated PKI and the admin kubeconfig.
	DataDir string

	ServerRun      *genericoptions.ServerRunOptions
	SecureServing  *genericoptions.SecureServingOptionsWithLoopback
	Etcd           *genericoptions.EtcdOptions
	Admission      *genericoptions.AdmissionOptions
	Logs           *logsapi.LoggingConfiguration
	Authentication AuthenticationOptions
	Authorization  AuthorizationOptions

	// ServiceClusterIPRange is the CIDR services get their ClusterIPs from; its first address is the
	// kubernetes service's, so it is also in the serving certificate.
	ServiceClusterIPRange string

	// EmbeddedEtcdUnsafeNoFsync skips fsync in the embedded etcd; for throw-away test servers only.
	EmbeddedEtcdUnsafeNoFsync bool
}

// AuthenticationOptions are the authentication flags.
type AuthenticationOptions struct {
	ClientCAFile  string
	TokenAuthFile string
	Anonymous     bool
}

// AuthorizationOptions are the authorization flags.
type AuthorizationOptions struct {
	Modes []string
}

// NewOptions returns kapi's defaults: loopback on 6443, data in .kapi, embedded etcd, storage in
// protobuf, and AlwaysAllow authorization (RBAC arrives with its own issue).
func NewOptions() *Options {
	o := &Options{
		DataDir:               ".kapi",
		ServerRun:             genericoptions.NewServerRunOptions(),
		SecureServing:         genericoptions.NewSecureServingOptions().WithLoopback(),
		Etcd:                  genericoptions.NewEtcdOptions(storagebackend.NewDefaultConfig("/registry", nil)),
		Logs:                  logsapi.NewLoggingConfiguration(),
		Authentication:        AuthenticationOptions{Anonymous: true},
		Authorization:         AuthorizationOptions{Modes: []string{kapiauthorizer.ModeAlwaysAllow}},
		ServiceClusterIPRange: "10.0.0.0/24",
	}
	o.SecureServing.BindAddress = net.ParseIP("127.0.0.1")
	o.SecureServing.BindPort = 6443
	o.SecureServing.ServerCert.PairName = "apiserver"
	o.Etcd.DefaultStorageMediaType = "application/vnd.kubernetes.protobuf"
	o.Admission = newAdmissionOptions()
	return o
}

// Flags returns the flags in named sections, as kube-apiserver prints them in --help.
func (o *Options) Flags() cliflag.NamedFlagSets {
	var fss cliflag.NamedFlagSets

	fs := fss.FlagSet("kapi")
	fs.StringVar(&o.DataDir, "data-dir", o.DataDir, "Directory for the embedded etcd's data, the generated certificates and the admin kubeconfig.")

	o.ServerRun.AddUniversalFlags(fss.FlagSet("generic"))
	o.Etcd.AddFlags(fss.FlagSet("etcd"))
	o.SecureServing.AddFlags(fss.FlagSet("secure serving"))

	authn := fss.FlagSet("authentication")
	authn.StringVar(&o.Authentication.ClientCAFile, "client-ca-file", o.Authentication.ClientCAFile, "If set, any request presenting a client certificate signed by one of the authorities in the client-ca-file is authenticated with an identity corresponding to the CommonName of the client certificate.")
	authn.StringVar(&o.Authentication.TokenAuthFile, "token-auth-file", o.Authentication.TokenAuthFile, "If set, the file that will be used to secure the secure port of the API server via token authentication.")
	authn.BoolVar(&o.Authentication.Anonymous, "anonymous-auth", o.Authentication.Anonymous, "Enables anonymous requests to the health and version endpoints. Anonymous requests have a username of system:anonymous, and a group name of system:unauthenticated.")

	authz := fss.FlagSet("authorization")
	authz.StringSliceVar(&o.Authorization.Modes, "authorization-mode", o.Authorization.Modes, "Ordered list of plug-ins to do authorization on secure port. Allowed values: "+strings.Join(kapiauthorizer.Modes.UnsortedList(), ", ")+".")

	o.Admission.AddFlags(fss.FlagSet("admission"))

	net := fss.FlagSet("networking")
	net.StringVar(&o.ServiceClusterIPRange, "service-cluster-ip-range", o.ServiceClusterIPRange, "A CIDR notation IP range from which to assign service cluster IPs.")

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

// Validate reports every invalid option. Call it after Complete.
func (o *Options) Validate() []error {
	var errs []error
	errs = append(errs, o.ServerRun.Validate()...)
	errs = append(errs, o.SecureServing.Validate()...)
	// Without --etcd-servers kapi runs its own etcd member, whose address is only known once it started.
	etcd := *o.Etcd
	if len(etcd.StorageConfig.Transport.ServerList) == 0 {
		etcd.StorageConfig.Transport.ServerList = []string{"http://127.0.0.1:2379"}
	}
	errs = append(errs, etcd.Validate()...)
	errs = append(errs, o.Admission.Validate()...)
	errs = append(errs, kapiauthorizer.Config{Modes: o.Authorization.Modes}.Validate()...)
	if _, _, err := net.ParseCIDR(o.ServiceClusterIPRange); err != nil {
		errs = append(errs, fmt.Errorf("--service-cluster-ip-range: %w", err))
	}
	return errs
}

// pkiDir is where kapi keeps the certificates it generates.
func (o *Options) pkiDir() string {
	return filepath.Join(o.DataDir, "pki")
}

// KubeconfigPath is where kapi writes the admin kubeconfig.
func (o *Options) KubeconfigPath() string {
	return filepath.Join(o.DataDir, "admin.kubeconfig")
}

// newAdmissionOptions offers the admission plugins kapi can run. The webhook and policy plugins of the
// generic library wait for admissionregistration.k8s.io informers, a group kapi does not serve yet, so
// they are not offered.
func newAdmissionOptions() *genericoptions.AdmissionOptions {
	o := genericoptions.NewAdmissionOptions()
	o.Plugins = admission.NewPlugins()
	lifecycle.Register(o.Plugins)
	o.RecommendedPluginOrder = []string{lifecycle.PluginName}
	return o
}
