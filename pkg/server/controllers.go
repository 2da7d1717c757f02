package server

import (
	"context"
	"fmt"
	"time"

	apiextensionsinformers "k8s.io/apiextensions-apiserver/pkg/client/informers/externalversions/apiextensions/v1"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"

	"github.com/kapi-dev/kapi/pkg/controller/bootstrapsigner"
	"github.com/kapi-dev/kapi/pkg/controller/clusterroleaggregation"
	"github.com/kapi-dev/kapi/pkg/controller/csrapproving"
	"github.com/kapi-dev/kapi/pkg/controller/csrsigning"
	"github.com/kapi-dev/kapi/pkg/controller/garbagecollector"
	namespacecontroller "github.com/kapi-dev/kapi/pkg/controller/namespace"
	"github.com/kapi-dev/kapi/pkg/controller/podgc"
	"github.com/kapi-dev/kapi/pkg/controller/pvcprotection"
	"github.com/kapi-dev/kapi/pkg/controller/pvprotection"
	"github.com/kapi-dev/kapi/pkg/controller/rootcacertpublisher"
	sacontroller "github.com/kapi-dev/kapi/pkg/controller/serviceaccount"
	tokencontroller "github.com/kapi-dev/kapi/pkg/controller/serviceaccounttoken"
	"github.com/kapi-dev/kapi/pkg/controller/tokencleaner"
	"github.com/kapi-dev/kapi/pkg/controller/ttlafterfinished"
	"github.com/kapi-dev/kapi/pkg/controller/validatingadmissionpolicystatus"
	"github.com/kapi-dev/kapi/pkg/pki"
	"github.com/kapi-dev/kapi/pkg/server/options"
)

// Worker counts, kube-controller-manager's defaults.
const (
	// namespaceSyncs is --concurrent-namespace-syncs.
	namespaceSyncs = 10
	// serviceAccountTokenSyncs is --concurrent-serviceaccount-token-syncs.
	serviceAccountTokenSyncs = 5
	// ttlAfterFinishedSyncs is --concurrent-ttl-after-finished-syncs.
	ttlAfterFinishedSyncs = 5
	// gcSyncs is --concurrent-gc-syncs.
	gcSyncs = 20
	// csrWorkers is what kube-controller-manager runs each CSR controller with; it has no flag.
	csrWorkers = 5
)

// informerResync is how often the shared informers of the server and of the controllers replay
// their caches.
const informerResync = 10 * time.Minute

// controllerContext is what the in-process controllers are built from: the server's loopback clients,
// a member of system:masters, and shared informers of their own, which start once every controller
// has asked for its informers. As kube-controller-manager's are separate from kube-apiserver's, they
// are not the server's: its readiness waits for its own informers to sync, and would otherwise wait
// for the controllers' too, which exist only once this kapi has won the leader election.
type controllerContext struct {
	// endpointsClient is client without warnings, for the writers of v1 Endpoints.
	endpointsClient kubernetes.Interface
	client          kubernetes.Interface
	metadata        metadata.Interface
	// loopback configures further clients of the server, such as the scale client.
	loopback        *rest.Config
	informers       informers.SharedInformerFactory
	serviceAccounts *serviceAccountConfig
	// crds is the CustomResourceDefinition server's informer, which that server starts.
	crds apiextensionsinformers.CustomResourceDefinitionInformer
	// terminatedPodGCThreshold is --terminated-pod-gc-threshold.
	terminatedPodGCThreshold int
	// pki holds the cluster CA, which issues the certificates of approved CSRs.
	pki pki.Files
	// signingDuration is --cluster-signing-duration.
	signingDuration time.Duration
	// nodeLifecycle holds the node lifecycle controller's flags.
	nodeLifecycle options.NodeLifecycleOptions
}

// controllerDescriptor is one in-process controller that stands in for kube-controller-manager's of
// the same name.
type controllerDescriptor struct {
	name string
	// aliases are the older names kube-controller-manager accepts for the controller.
	aliases []string
	// disabledByDefault controllers run only when --controllers names them.
	disabledByDefault bool
	// start builds the controller, registering its informers, and returns the function that runs it
	// until ctx ends.
	start func(controllerContext) (run func(ctx context.Context), err error)
}

// controllers are the in-process controllers, named as kube-controller-manager names them.
var controllers = []controllerDescriptor{
	{name: "namespace-controller", aliases: []string{"namespace"}, start: startNamespaceController},
	{name: "serviceaccount-controller", aliases: []string{"serviceaccount"}, start: startServiceAccountController},
	{name: "serviceaccount-token-controller", aliases: []string{"serviceaccount-token"}, start: startServiceAccountTokenController},
	{name: "clusterrole-aggregation-controller", aliases: []string{"clusterrole-aggregation"}, start: startClusterRoleAggregationController},
	{name: "endpoints-controller", aliases: []string{"endpoint"}, start: startEndpointsController},
	{name: "endpointslice-controller", aliases: []string{"endpointslice"}, start: startEndpointSliceController},
	{name: "endpointslice-mirroring-controller", aliases: []string{"endpointslicemirroring"}, start: startEndpointSliceMirroringController},
	{name: "root-ca-certificate-publisher-controller", aliases: []string{"root-ca-cert-publisher"}, start: startRootCACertificatePublisher},
	{name: pvcprotection.Name, aliases: []string{"pvc-protection"}, start: startPVCProtectionController},
	{name: pvprotection.Name, aliases: []string{"pv-protection"}, start: startPVProtectionController},
	{name: "ttl-after-finished-controller", aliases: []string{"ttl-after-finished"}, start: startTTLAfterFinishedController},
	{name: "garbage-collector-controller", aliases: []string{"garbagecollector"}, start: startGarbageCollector},
	{name: "pod-garbage-collector-controller", aliases: []string{"podgc"}, start: startPodGarbageCollector},
	{name: "certificatesigningrequest-signing-controller", aliases: []string{"csrsigning"}, start: startCSRSigningController},
	{name: "certificatesigningrequest-approving-controller", aliases: []string{"csrapproving"}, start: startCSRApprovingController},
	{name: "resourcequota-controller", aliases: []string{"resourcequota"}, start: startResourceQuotaController},
	{name: "disruption-controller", aliases: []string{"disruption"}, start: startDisruptionController},
	{name: validatingadmissionpolicystatus.Name, start: startValidatingAdmissionPolicyStatusController},
	{name: "node-lifecycle-controller", aliases: []string{"nodelifecycle"}, start: startNodeLifecycleController},
	{name: "taint-eviction-controller", start: startTaintEvictionController},
	{name: "statefulset-controller", aliases: []string{"statefulset"}, start: startStatefulSetController},
	{name: "daemonset-controller", aliases: []string{"daemonset"}, start: startDaemonSetController},
	{name: "job-controller", aliases: []string{"job"}, start: startJobController},
	{name: "cronjob-controller", aliases: []string{"cronjob"}, start: startCronJobController},
	{name: "replicaset-controller", aliases: []string{"replicaset"}, start: startReplicaSetController},
	{name: "replicationcontroller-controller", aliases: []string{"replicationcontroller"}, start: startReplicationController},
	{name: "deployment-controller", aliases: []string{"deployment"}, start: startDeploymentController},
	{name: "bootstrap-signer-controller", aliases: []string{"bootstrapsigner"}, disabledByDefault: true, start: startBootstrapSigner},
	{name: "token-cleaner-controller", aliases: []string{"tokencleaner"}, disabledByDefault: true, start: startTokenCleaner},
}

// KnownControllers lists the in-process controllers for --controllers.
func KnownControllers() options.KnownControllers {
	known := options.KnownControllers{Aliases: map[string]string{}}
	for _, d := range controllers {
		known.All = append(known.All, d.name)
		for _, alias := range d.aliases {
			known.Aliases[alias] = d.name
		}
		if d.disabledByDefault {
			known.DisabledByDefault = append(known.DisabledByDefault, d.name)
		}
	}
	return known
}

// enabledControllers are the controllers --controllers turns on, in the list's order.
func (c CompletedConfig) enabledControllers() []controllerDescriptor {
	var enabled []controllerDescriptor
	for _, d := range controllers {
		if c.Options.Controllers.Enabled(d.name) {
			enabled = append(enabled, d)
		}
	}
	return enabled
}

// addControllers runs the controllers that --controllers enables once the server serves: in every kapi,
// or with --leader-elect only in the one that holds the lease, for as long as it does.
func (c CompletedConfig) addControllers(s *genericapiserver.GenericAPIServer, crds apiextensionsinformers.CustomResourceDefinitionInformer) error {
	cc := controllerContext{
		endpointsClient: c.clients.endpoints,
		client:          c.clients.kube,
		metadata:        c.clients.metadata,
		loopback:        c.Generic.LoopbackClientConfig,
		informers:       informers.NewSharedInformerFactory(c.clients.kube, informerResync),
		serviceAccounts: c.serviceAccounts,
		crds:            crds,
		pki:             c.pki,
		signingDuration: c.Options.Controllers.ClusterSigningDuration,
		nodeLifecycle:   c.Options.Controllers.NodeLifecycle,

		terminatedPodGCThreshold: c.Options.Controllers.TerminatedPodGCThreshold,
	}
	enabled := c.enabledControllers()
	if !c.Options.LeaderElection.LeaderElect {
		return s.AddPostStartHook("start-kube-controllers", func(ctx genericapiserver.PostStartHookContext) error {
			return runControllers(ctx, ctx, cc, enabled)
		})
	}
	elector, err := newControllerElector(c.Options.LeaderElection, c.clients.kube)
	if err != nil {
		return err
	}
	err = s.AddPostStartHook("start-kube-controllers", func(ctx genericapiserver.PostStartHookContext) error {
		elector.start(ctx, func(runCtx context.Context) error { return runControllers(ctx, runCtx, cc, enabled) })
		return nil
	})
	if err != nil {
		return err
	}
	// The lease is handed on while the server still serves its own release request.
	return s.AddPreShutdownHook("stop-kube-controllers", elector.stop)
}

// runControllers builds the controllers, starts the informers they asked for for the server's life
// (serverCtx) and runs the controllers until runCtx ends.
func runControllers(serverCtx, runCtx context.Context, cc controllerContext, enabled []controllerDescriptor) error {
	runs := make([]func(context.Context), 0, len(enabled))
	for _, d := range enabled {
		run, err := d.start(cc)
		if err != nil {
			return fmt.Errorf("starting %s: %w", d.name, err)
		}
		runs = append(runs, run)
	}
	// The factory may have started already, in an earlier term as leader; Start only starts the
	// informers added since.
	cc.informers.Start(serverCtx.Done())
	for _, run := range runs {
		go run(runCtx)
	}
	return nil
}

func startNamespaceController(c controllerContext) (func(context.Context), error) {
	ctrl, err := namespacecontroller.New(c.client, c.metadata, c.informers.Core().V1().Namespaces())
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) { ctrl.Run(ctx, namespaceSyncs) }, nil
}

func startServiceAccountController(c controllerContext) (func(context.Context), error) {
	ctrl, err := sacontroller.New(c.client, c.informers.Core().V1().Namespaces(), c.informers.Core().V1().ServiceAccounts())
	if err != nil {
		return nil, err
	}
	return ctrl.Run, nil
}

func startServiceAccountTokenController(c controllerContext) (func(context.Context), error) {
	ctrl, err := tokencontroller.New(c.client, c.informers.Core().V1().ServiceAccounts(), c.informers.Core().V1().Secrets(), c.serviceAccounts.LegacyTokens, c.serviceAccounts.RootCA)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) { ctrl.Run(ctx, serviceAccountTokenSyncs) }, nil
}

func startClusterRoleAggregationController(c controllerContext) (func(context.Context), error) {
	ctrl, err := clusterroleaggregation.New(c.informers.Rbac().V1().ClusterRoles(), c.client.RbacV1())
	if err != nil {
		return nil, err
	}
	return ctrl.Run, nil
}

// startRootCACertificatePublisher publishes kapi's CA, which signs its serving certificate, with one
// worker as kube-controller-manager does.
func startRootCACertificatePublisher(c controllerContext) (func(context.Context), error) {
	ctrl, err := rootcacertpublisher.New(c.client, c.informers.Core().V1().Namespaces(), c.informers.Core().V1().ConfigMaps(), c.serviceAccounts.RootCA)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) { ctrl.Run(ctx, 1) }, nil
}

// startBootstrapSigner runs one worker, as kube-controller-manager does.
func startBootstrapSigner(c controllerContext) (func(context.Context), error) {
	ctrl, err := bootstrapsigner.New(c.client, c.informers.Core().V1().ConfigMaps(), c.informers.Core().V1().Secrets())
	if err != nil {
		return nil, err
	}
	return ctrl.Run, nil
}

// startTokenCleaner runs one worker, as kube-controller-manager does.
func startTokenCleaner(c controllerContext) (func(context.Context), error) {
	ctrl, err := tokencleaner.New(c.client, c.informers.Core().V1().Secrets())
	if err != nil {
		return nil, err
	}
	return ctrl.Run, nil
}

// startPVCProtectionController runs one worker, as kube-controller-manager does.
func startPVCProtectionController(c controllerContext) (func(context.Context), error) {
	ctrl, err := pvcprotection.New(c.client, c.informers.Core().V1().PersistentVolumeClaims(), c.informers.Core().V1().Pods())
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) { ctrl.Run(ctx, 1) }, nil
}

// startPVProtectionController runs one worker, as kube-controller-manager does.
func startPVProtectionController(c controllerContext) (func(context.Context), error) {
	ctrl, err := pvprotection.New(c.client, c.informers.Core().V1().PersistentVolumes())
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) { ctrl.Run(ctx, 1) }, nil
}

func startTTLAfterFinishedController(c controllerContext) (func(context.Context), error) {
	ctrl, err := ttlafterfinished.New(c.client, c.informers.Batch().V1().Jobs())
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) { ctrl.Run(ctx, ttlAfterFinishedSyncs) }, nil
}

func startGarbageCollector(c controllerContext) (func(context.Context), error) {
	gc, err := garbagecollector.New(c.client, c.metadata, c.crds)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) { gc.Run(ctx, gcSyncs) }, nil
}

func startPodGarbageCollector(c controllerContext) (func(context.Context), error) {
	return podgc.New(c.client, c.informers.Core().V1().Pods(), c.informers.Core().V1().Nodes(), c.terminatedPodGCThreshold).Run, nil
}

// startCSRSigningController issues the certificates of the kubernetes.io signers with kapi's CA, the
// one its client-certificate authentication trusts, for at most --cluster-signing-duration.
func startCSRSigningController(c controllerContext) (func(context.Context), error) {
	cert, key, err := pki.LoadCA(c.pki)
	if err != nil {
		return nil, err
	}
	ctrl, err := csrsigning.New(c.client, c.informers.Certificates().V1().CertificateSigningRequests(), csrsigning.Authority{Cert: cert, Key: key}, c.signingDuration)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) { ctrl.Run(ctx, csrWorkers) }, nil
}

func startCSRApprovingController(c controllerContext) (func(context.Context), error) {
	ctrl, err := csrapproving.New(c.client, c.informers.Certificates().V1().CertificateSigningRequests())
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) { ctrl.Run(ctx, csrWorkers) }, nil
}
