package server

import (
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/informers"

	kapiauthorizer "github.com/kapi-dev/kapi/pkg/auth/authorizer"
	"github.com/kapi-dev/kapi/pkg/server/options"
)

// applyAuthorization sets the authorizer chain of the --authorization-mode list on c; RBAC reads its
// roles and bindings through factory's informers.
func applyAuthorization(c *genericapiserver.Config, o options.AuthorizationOptions, factory informers.SharedInformerFactory) error {
	authz, ruleResolver, err := kapiauthorizer.Config{
		Modes:           o.Modes,
		PublicPaths:     kapiauthorizer.PublicPaths,
		InformerFactory: factory,
		PolicyFile:      o.PolicyFile,
	}.New()
	if err != nil {
		return err
	}
	c.Authorization.Authorizer = authz
	c.RuleResolver = ruleResolver
	return nil
}
