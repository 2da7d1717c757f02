package server

import (
	"context"
	"fmt"

	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	genericapifilters "k8s.io/apiserver/pkg/endpoints/filters"
	genericapiserver "k8s.io/apiserver/pkg/server"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	"k8s.io/apiserver/pkg/util/notfoundhandler"
	"k8s.io/client-go/rest"
	aggregatorapiserver "k8s.io/kube-aggregator/pkg/apiserver"

	"github.com/kapi-dev/kapi/pkg/controller/clusterauthenticationtrust"
	"github.com/kapi-dev/kapi/pkg/embeddedetcd"
	"github.com/kapi-dev/kapi/pkg/logshandler"
	"github.com/kapi-dev/kapi/pkg/memoryrelease"
	corerest "github.com/kapi-dev/kapi/pkg/registry/core/rest"
	"github.com/kapi-dev/kapi/pkg/server/options"
)

// Server is kapi: kube-aggregator in front of its core API server, which delegates what it does not
// serve to the CustomResourceDefinition server, over the embedded etcd it owns (if any).
type Server struct {
	// GenericAPIServer is the outermost server, the aggregator's.
	GenericAPIServer *genericapiserver.GenericAPIServer
	// LoopbackClientConfig reaches the server as a member of system:masters.
	LoopbackClientConfig *rest.Config
	// KubeconfigPath is the admin kubeconfig kapi wrote.
	KubeconfigPath string

	aggregator *aggregatorapiserver.APIAggregator
	// connections are those the secure port accepted.
	connections *connections
	etcd        *embeddedetcd.Server
	network     *corerest.ServiceNetwork
}

// Build completes and validates o, then builds the configuration and the server, whose embedded etcd
// runs until ctx ends. Invalid options are reported before anything is written.
func Build(ctx context.Context, o *options.Options) (*Server, error) {
	completed, err := o.Complete()
	if err != nil {
		return nil, err
	}
	if errs := completed.Validate(); len(errs) > 0 {
		return nil, utilerrors.NewAggregate(errs)
	}
	// The embedded etcd starts while the configuration is built: neither needs the other until the
	// storage is opened.
	started := make(chan etcdStart, 1)
	go func() {
		member, etcd, err := startEtcd(ctx, completed)
		started <- etcdStart{member: member, etcd: etcd, err: err}
	}()
	c, err := NewConfig(completed)
	etcd := <-started
	if err == nil {
		err = etcd.err
	}
	if err != nil {
		if etcd.member != nil {
			etcd.member.Stop()
		}
		return nil, err
	}
	s, err := c.Complete().newServer(etcd.member, etcd.etcd)
	if err != nil && etcd.member != nil {
		etcd.member.Stop()
	}
	return s, err
}

// etcdStart is what starting the etcd in use returned.
type etcdStart struct {
	member *embeddedetcd.Server
	etcd   *genericoptions.EtcdOptions
	err    error
}

func (c CompletedConfig) newServer(member *embeddedetcd.Server, etcd *genericoptions.EtcdOptions) (_ *Server, err error) {
	if err := c.applyStorage(etcd); err != nil {
		return nil, err
	}
	notFound := notfoundhandler.New(c.Generic.Serializer, genericapifilters.NoMuxAndDiscoveryIncompleteKey)
	extensions, err := c.APIExtensions.New(genericapiserver.NewEmptyDelegateWithCustomHandler(notFound))
	if err != nil {
		return nil, fmt.Errorf("building the CustomResourceDefinition server: %w", err)
	}
	generic, err := c.Generic.New("kapi", extensions.GenericAPIServer)
	if err != nil {
		return nil, err
	}
	networkConfig, err := c.serviceNetworkConfig()
	if err != nil {
		return nil, err
	}
	network, err := corerest.NewServiceNetwork(c.Generic.RESTOptionsGetter, networkConfig)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			network.Close()
		}
	}()
	if err := c.installAPIGroups(generic, c.apiGroupProviders(network, etcd.StorageConfig)); err != nil {
		return nil, err
	}
	installOpenAPIV2(generic, c.Generic.OpenAPIConfig)
	if err := installOpenAPIV3(generic, c.Generic.OpenAPIV3Config); err != nil {
		return nil, err
	}
	c.serviceAccounts.installOpenIDMetadata(generic.Handler.NonGoRestfulMux, c.Generic.ExternalAddress)
	generic.AddPostStartHookOrDie("start-cluster-authentication-info-controller", func(ctx genericapiserver.PostStartHookContext) error {
		go clusterauthenticationtrust.Run(ctx, c.clients.kube, c.authenticationTrust)
		return nil
	})
	if c.Options.EnableLogsHandler {
		logshandler.Install(generic.Handler.NonGoRestfulMux, logshandler.Dir)
	}
	crds := extensions.Informers.Apiextensions().V1().CustomResourceDefinitions()
	if err := c.addControllers(generic, crds); err != nil {
		return nil, err
	}
	aggregator, err := c.Aggregator.NewWithDelegate(generic)
	if err != nil {
		return nil, fmt.Errorf("building the aggregator: %w", err)
	}
	if err := addAutoregistration(aggregator, generic, crds); err != nil {
		return nil, err
	}
	return &Server{
		GenericAPIServer:     aggregator.GenericAPIServer,
		LoopbackClientConfig: c.Generic.LoopbackClientConfig,
		KubeconfigPath:       c.Options.KubeconfigPath(),
		aggregator:           aggregator,
		connections:          c.connections,
		etcd:                 member,
		network:              network,
	}, nil
}

// serviceNetworkConfig is the service network of the options, published on the port the server
// listens on.
func (c CompletedConfig) serviceNetworkConfig() (corerest.ServiceNetworkConfig, error) {
	n := c.Options.ServiceNetwork
	_, port, err := c.Generic.SecureServing.HostPort()
	return corerest.ServiceNetworkConfig{
		ClusterIPRange:            n.ClusterIPRange,
		NodePortRange:             n.NodePortRange,
		PublicIP:                  n.PublicIP,
		PublicPort:                port,
		KubernetesServiceNodePort: int32(c.Options.Networking.KubernetesServiceNodePort),
	}, err
}

// Run serves until ctx is done, then shuts down, closes the storage kapi opened outside the
// registries and, last, stops the embedded etcd.
func (s *Server) Run(ctx context.Context) error {
	if s.etcd != nil {
		defer s.etcd.Stop()
	}
	defer s.network.Close()
	prepared, err := s.aggregator.PrepareRun()
	if err != nil {
		return err
	}
	// After a burst of requests the free heap goes back to the system; stopped before Run returns.
	releaseCtx, stopRelease := context.WithCancel(ctx)
	released := make(chan struct{})
	go func() {
		defer close(released)
		memoryrelease.Run(releaseCtx)
	}()
	defer func() {
		stopRelease()
		<-released
	}()
	runDone := make(chan struct{})
	defer close(runDone)
	go s.connections.closeAfterDrain(s.GenericAPIServer.NonLongRunningRequestWaitGroup, runDone)
	return prepared.Run(ctx)
}
