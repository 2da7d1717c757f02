package app

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	genericapifilters "k8s.io/apiserver/pkg/endpoints/filters"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/util/notfoundhandler"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	sacontroller "github.com/kapi-dev/kapi/pkg/controller/serviceaccount"
	"github.com/kapi-dev/kapi/pkg/embeddedetcd"
	authenticationrest "github.com/kapi-dev/kapi/pkg/registry/authentication/rest"
	corerest "github.com/kapi-dev/kapi/pkg/registry/core/rest"
	sastorage "github.com/kapi-dev/kapi/pkg/registry/core/serviceaccount/storage"
)

// systemNamespaces exist on every cluster; NamespaceLifecycle admission refuses to delete them.
var systemNamespaces = []string{metav1.NamespaceDefault, metav1.NamespaceSystem, metav1.NamespacePublic, corev1.NamespaceNodeLease}

// Server is kapi: its core API server, delegating what it does not serve to the CustomResourceDefinition
// server, over the embedded etcd it owns (if any).
type Server struct {
	GenericAPIServer *genericapiserver.GenericAPIServer
	// LoopbackClientConfig reaches the server as a member of system:masters.
	LoopbackClientConfig *rest.Config
	// KubeconfigPath is the admin kubeconfig kapi wrote.
	KubeconfigPath string

	extensions *genericapiserver.GenericAPIServer
	etcd       *embeddedetcd.Server
}

// New builds the servers. On error it stops the embedded etcd.
func (c CompletedConfig) New() (*Server, error) {
	s, err := c.newServer()
	if err != nil && c.Etcd != nil {
		c.Etcd.Stop()
	}
	return s, err
}

func (c CompletedConfig) newServer() (*Server, error) {
	notFound := notfoundhandler.New(c.Generic.Serializer, genericapifilters.NoMuxAndDiscoveryIncompleteKey)
	extensions, err := c.APIExtensions.New(genericapiserver.NewEmptyDelegateWithCustomHandler(notFound))
	if err != nil {
		return nil, fmt.Errorf("building the CustomResourceDefinition server: %w", err)
	}
	generic, err := c.Generic.New("kapi", extensions.GenericAPIServer)
	if err != nil {
		return nil, err
	}
	legacy, err := corerest.NewLegacyAPIGroupInfo(c.Generic.RESTOptionsGetter)
	if err != nil {
		return nil, err
	}
	if err := sastorage.AddTokenREST(legacy.VersionedResourcesStorageMap[corev1.SchemeGroupVersion.Version], c.serviceAccounts.Token); err != nil {
		return nil, err
	}
	if err := generic.InstallLegacyAPIGroup(genericapiserver.DefaultLegacyAPIPrefix, &legacy); err != nil {
		return nil, err
	}
	authentication := authenticationrest.NewAPIGroupInfo(c.Generic.Authentication.Authenticator, c.serviceAccounts.APIAudiences)
	if err := generic.InstallAPIGroup(&authentication); err != nil {
		return nil, err
	}
	c.serviceAccounts.installOpenIDMetadata(generic.Handler.NonGoRestfulMux, c.Generic.ExternalAddress)
	if err := generic.AddPostStartHook("create-system-namespaces", createSystemNamespaces); err != nil {
		return nil, err
	}
	if err := generic.AddPostStartHook("start-service-account-controller", sacontroller.PostStartHook(c.Generic.SharedInformerFactory)); err != nil {
		return nil, err
	}
	return &Server{
		GenericAPIServer:     generic,
		LoopbackClientConfig: c.Generic.LoopbackClientConfig,
		KubeconfigPath:       c.KubeconfigPath,
		extensions:           extensions.GenericAPIServer,
		etcd:                 c.Etcd,
	}, nil
}

// createSystemNamespaces creates the system namespaces that do not exist yet; /readyz fails until it
// has.
func createSystemNamespaces(ctx genericapiserver.PostStartHookContext) error {
	client, err := kubernetes.NewForConfig(ctx.LoopbackClientConfig)
	if err != nil {
		return err
	}
	for _, name := range systemNamespaces {
		err := retryUntilServing(ctx, func(ctx context.Context) error {
			_, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
			if apierrors.IsAlreadyExists(err) {
				return nil
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("creating namespace %s: %w", name, err)
		}
	}
	return nil
}

// Run serves until ctx is done, then shuts down and stops the embedded etcd.
func (s *Server) Run(ctx context.Context) error {
	if s.etcd != nil {
		defer s.etcd.Stop()
	}
	prepared := s.GenericAPIServer.PrepareRun()
	// The core server answers /openapi/v3 in front of the CustomResourceDefinition server, so the
	// latter publishes CRD schemas into the core server's OpenAPI v3 service, per group-version.
	s.extensions.OpenAPIV3VersionedService = s.GenericAPIServer.OpenAPIV3VersionedService
	return prepared.RunWithContext(ctx)
}
