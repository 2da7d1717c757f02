package app

import (
	"strings"

	"github.com/spf13/pflag"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/informers"

	kapiauthorizer "github.com/kapi-dev/kapi/pkg/auth/authorizer"
)

// AuthorizationOptions are the authorization flags.
type AuthorizationOptions struct {
	Modes      []string
	PolicyFile string
}

// NewAuthorizationOptions returns the default authorization mode, RBAC, as kube-apiserver's.
func NewAuthorizationOptions() AuthorizationOptions {
	return AuthorizationOptions{Modes: []string{kapiauthorizer.ModeRBAC}}
}

// AddFlags adds the authorization flags to fs.
func (o *AuthorizationOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringSliceVar(&o.Modes, "authorization-mode", o.Modes, "Ordered list of plug-ins to do authorization on secure port. Allowed values: "+strings.Join(kapiauthorizer.Modes.UnsortedList(), ", ")+".")
	fs.StringVar(&o.PolicyFile, "authorization-policy-file", o.PolicyFile, "File with authorization policy in json line by line format, used with --authorization-mode=ABAC, on the secure port.")
}

// Validate reports unknown or repeated modes.
func (o *AuthorizationOptions) Validate() []error {
	return kapiauthorizer.Config{Modes: o.Modes, PolicyFile: o.PolicyFile}.Validate()
}

// applyAuthorization sets the authorizer chain of the --authorization-mode list on c; RBAC reads its
// roles and bindings through factory's informers.
func (o *Options) applyAuthorization(c *genericapiserver.Config, factory informers.SharedInformerFactory) error {
	authz, ruleResolver, err := kapiauthorizer.Config{
		Modes:           o.Authorization.Modes,
		PublicPaths:     kapiauthorizer.PublicPaths,
		InformerFactory: factory,
		PolicyFile:      o.Authorization.PolicyFile,
	}.New()
	if err != nil {
		return err
	}
	c.Authorization.Authorizer = authz
	c.RuleResolver = ruleResolver
	return nil
}
