// Package serviceaccounttoken fills kubernetes.io/service-account-token Secrets with a long-lived token
// for the ServiceAccount their annotation names, and deletes them with their ServiceAccount, as
// kube-controller-manager's tokens controller does. Users still create such Secrets by hand for
// tokens that never expire.
package serviceaccounttoken

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
)

// maxRetries is how often a failing key is retried before it waits for its next event.
const maxRetries = 10

// TokenGenerator signs the token stored in a Secret for a ServiceAccount.
type TokenGenerator interface {
	GenerateToken(sa *corev1.ServiceAccount, secret *corev1.Secret) (string, error)
}

// Controller keeps token Secrets populated and removes those whose ServiceAccount is gone.
type Controller struct {
	client   kubernetes.Interface
	tokens   TokenGenerator
	rootCA   []byte
	accounts corelisters.ServiceAccountLister
	secrets  corelisters.SecretLister
	synced   []cache.InformerSynced

	// accountQueue holds deleted (or changed) ServiceAccounts whose tokens may have to go.
	accountQueue workqueue.TypedRateLimitingInterface[accountKey]
	// secretQueue holds token Secrets to populate, or to delete when their account is gone.
	secretQueue workqueue.TypedRateLimitingInterface[secretKey]
}

// accountKey names a ServiceAccount by UID too, so that the tokens of a deleted account are told
// from those of a new account of the same name.
type accountKey struct {
	namespace, name string
	uid             types.UID
}

// secretKey carries what the Secret's annotations said about its account, so that a deleted Secret
// can still be unlinked from it.
type secretKey struct {
	namespace, name string
	uid             types.UID
	accountName     string
	accountUID      types.UID
}

// New returns a controller reading from the informers, signing with tokens and writing through
// client. rootCA, when not empty, is stored as every token Secret's ca.crt.
func New(client kubernetes.Interface, accounts coreinformers.ServiceAccountInformer, secrets coreinformers.SecretInformer, tokens TokenGenerator, rootCA []byte) (*Controller, error) {
	c := &Controller{
		client:   client,
		tokens:   tokens,
		rootCA:   rootCA,
		accounts: accounts.Lister(),
		secrets:  secrets.Lister(),
		synced:   []cache.InformerSynced{accounts.Informer().HasSynced, secrets.Informer().HasSynced},
		accountQueue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[accountKey](),
			workqueue.TypedRateLimitingQueueConfig[accountKey]{Name: "serviceaccount_tokens_service"}),
		secretQueue: workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[secretKey](),
			workqueue.TypedRateLimitingQueueConfig[secretKey]{Name: "serviceaccount_tokens_secret"}),
	}
	if _, err := accounts.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    c.enqueueAccount,
		UpdateFunc: func(_, obj interface{}) { c.enqueueAccount(obj) },
		DeleteFunc: c.enqueueAccount,
	}); err != nil {
		return nil, err
	}
	if _, err := secrets.Informer().AddEventHandler(cache.FilteringResourceEventHandler{
		FilterFunc: isTokenSecret,
		Handler: cache.ResourceEventHandlerFuncs{
			AddFunc:    c.enqueueSecret,
			UpdateFunc: func(_, obj interface{}) { c.enqueueSecret(obj) },
			DeleteFunc: c.enqueueSecret,
		},
	}); err != nil {
		return nil, err
	}
	return c, nil
}

func unwrapTombstone(obj interface{}) interface{} {
	if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		return tombstone.Obj
	}
	return obj
}

func isTokenSecret(obj interface{}) bool {
	s, ok := unwrapTombstone(obj).(*corev1.Secret)
	return ok && s.Type == corev1.SecretTypeServiceAccountToken
}

func (c *Controller) enqueueAccount(obj interface{}) {
	if sa, ok := unwrapTombstone(obj).(*corev1.ServiceAccount); ok {
		c.accountQueue.Add(accountKey{namespace: sa.Namespace, name: sa.Name, uid: sa.UID})
	}
}

func (c *Controller) enqueueSecret(obj interface{}) {
	s, ok := unwrapTombstone(obj).(*corev1.Secret)
	if !ok || s.Annotations[corev1.ServiceAccountNameKey] == "" {
		return
	}
	c.secretQueue.Add(secretKey{
		namespace:   s.Namespace,
		name:        s.Name,
		uid:         s.UID,
		accountName: s.Annotations[corev1.ServiceAccountNameKey],
		accountUID:  types.UID(s.Annotations[corev1.ServiceAccountUIDKey]),
	})
}

// Run works with the given number of workers per queue until ctx ends.
func (c *Controller) Run(ctx context.Context, workers int) {
	defer utilruntime.HandleCrashWithContext(ctx)
	defer c.accountQueue.ShutDown()
	defer c.secretQueue.ShutDown()
	if !cache.WaitForNamedCacheSyncWithContext(ctx, c.synced...) {
		return
	}
	for range workers {
		go wait.UntilWithContext(ctx, func(ctx context.Context) { process(ctx, c.accountQueue, c.syncAccount) }, time.Second)
		go wait.UntilWithContext(ctx, func(ctx context.Context) { process(ctx, c.secretQueue, c.syncSecret) }, time.Second)
	}
	<-ctx.Done()
}

// process works a queue until it shuts down. A sync reports whether its failure is worth retrying.
func process[K comparable](ctx context.Context, queue workqueue.TypedRateLimitingInterface[K], sync func(context.Context, K) (bool, error)) {
	for {
		key, quit := queue.Get()
		if quit {
			return
		}
		retry, err := sync(ctx, key)
		if err != nil {
			utilruntime.HandleErrorWithContext(ctx, err, "Syncing service account tokens", "key", key)
		}
		if retry && queue.NumRequeues(key) < maxRetries {
			queue.AddRateLimited(key)
		} else {
			if retry {
				klog.FromContext(ctx).V(4).Info("Giving up on service account token key", "key", key)
			}
			queue.Forget(key)
		}
		queue.Done(key)
	}
}
