package app

import (
	"context"

	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"

	"github.com/kapi-dev/kapi/pkg/auth/bootstrappolicy"
	"github.com/kapi-dev/kapi/pkg/controller/clusterroleaggregation"
	rbacrest "github.com/kapi-dev/kapi/pkg/registry/rbac/rest"
)

// installRBAC serves rbac.authorization.k8s.io/v1, reconciles the bootstrap policy at every start
// (/readyz fails until it has, as kube-apiserver's rbac/bootstrap-roles hook) and runs the cluster role
// aggregation controller, which kube-controller-manager would run next to kube-apiserver.
func (c CompletedConfig) installRBAC(s *genericapiserver.GenericAPIServer) error {
	info, err := rbacrest.NewAPIGroupInfo(c.Generic.RESTOptionsGetter, c.Generic.Authorization.Authorizer)
	if err != nil {
		return err
	}
	if err := s.InstallAPIGroup(&info); err != nil {
		return err
	}
	err = s.AddPostStartHook("rbac/bootstrap-roles", func(ctx genericapiserver.PostStartHookContext) error {
		return retryUntilServing(ctx, func(context.Context) error { return bootstrappolicy.Reconcile(c.client) })
	})
	if err != nil {
		return err
	}
	return addAggregationController(s, c.client, c.Generic.SharedInformerFactory)
}

func addAggregationController(s *genericapiserver.GenericAPIServer, client kubernetes.Interface, factory informers.SharedInformerFactory) error {
	return s.AddPostStartHook("start-cluster-role-aggregation-controller", func(ctx genericapiserver.PostStartHookContext) error {
		controller, err := clusterroleaggregation.New(factory.Rbac().V1().ClusterRoles(), client.RbacV1())
		if err != nil {
			return err
		}
		// The factory may have started already; Start only starts informers that are not running.
		factory.Start(ctx.Done())
		go controller.Run(ctx)
		return nil
	})
}
