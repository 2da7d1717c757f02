package server

import (
	"k8s.io/apimachinery/pkg/util/wait"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/informers"

	kapiauthorizer "github.com/kapi-dev/kapi/pkg/auth/authorizer"
	"github.com/kapi-dev/kapi/pkg/server/options"
)

// applyAuthorization sets the authorizer chain of the authorization flags on c; RBAC and Node read
// through factory's informers. An --authorization-config file is reloaded until the server has
// drained its requests, as kube-apiserver stops reloading it.
func applyAuthorization(c *genericapiserver.Config, o options.AuthorizationOptions, factory informers.SharedInformerFactory) error {
	config := o.Authorizer()
	config.PublicPaths = kapiauthorizer.PublicPaths
	config.InformerFactory = factory
	config.APIServerID = c.APIServerID
	authz, ruleResolver, err := config.New(wait.ContextForChannel(c.DrainedNotify()))
	if err != nil {
		return err
	}
	c.Authorization.Authorizer = authz
	c.RuleResolver = ruleResolver
	return nil
}
