package app

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apiextensionsapiserver "k8s.io/apiextensions-apiserver/pkg/apiserver"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	genericapifilters "k8s.io/apiserver/pkg/endpoints/filters"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/util/notfoundhandler"
	"k8s.io/client-go/rest"
	openapicommon "k8s.io/kube-openapi/pkg/common"

	"github.com/kapi-dev/kapi/pkg/embeddedetcd"
	servicestore "github.com/kapi-dev/kapi/pkg/registry/core/service/storage"
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
	// extensionsOpenAPIV3 builds the OpenAPI v3 documents of the CRD server's own group.
	extensionsOpenAPIV3 *openapicommon.OpenAPIV3Config
	etcd                *embeddedetcd.Server
	// closeStorage closes the storage clients kapi opened outside the registries.
	closeStorage func()
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
	alloc, closeStorage, err := installServiceNetworking(generic, c.client, c.Generic.RESTOptionsGetter, c.ServiceNetwork)
	if err != nil {
		return nil, err
	}
	if err := c.installParts(generic, extensions, alloc); err != nil {
		closeStorage()
		return nil, err
	}
	return &Server{
		GenericAPIServer:     generic,
		LoopbackClientConfig: c.Generic.LoopbackClientConfig,
		KubeconfigPath:       c.KubeconfigPath,
		extensions:           extensions.GenericAPIServer,
		extensionsOpenAPIV3:  c.APIExtensions.GenericConfig.OpenAPIV3Config,
		etcd:                 c.Etcd,
		closeStorage:         closeStorage,
	}, nil
}

// installParts installs kapi's APIs, controllers and start-up hooks into s.
func (c CompletedConfig) installParts(s *genericapiserver.GenericAPIServer, extensions *apiextensionsapiserver.CustomResourceDefinitions, alloc *servicestore.Allocators) error {
	if err := c.installAPIs(s, alloc); err != nil {
		return err
	}
	if err := listExtensionGroups(s, extensions); err != nil {
		return err
	}
	if err := c.addControllers(s); err != nil {
		return err
	}
	if err := c.installRBAC(s); err != nil {
		return err
	}
	return s.AddPostStartHook("create-system-namespaces", c.createSystemNamespaces)
}

// createSystemNamespaces creates the system namespaces that do not exist yet; /readyz fails until it
// has.
func (c CompletedConfig) createSystemNamespaces(ctx genericapiserver.PostStartHookContext) error {
	for _, name := range systemNamespaces {
		err := retryUntilServing(ctx, func(ctx context.Context) error {
			_, err := c.client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
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
	defer s.closeStorage()
	prepared := s.GenericAPIServer.PrepareRun()
	if err := shareOpenAPI(s.GenericAPIServer, s.extensions, s.extensionsOpenAPIV3); err != nil {
		return err
	}
	return prepared.RunWithContext(ctx)
}
