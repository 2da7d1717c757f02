package authorizer

import (
	"fmt"

	"k8s.io/apiserver/pkg/apis/apiserver"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	authorizationcel "k8s.io/apiserver/pkg/authorization/cel"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	webhookutil "k8s.io/apiserver/pkg/util/webhook"
	"k8s.io/apiserver/plugin/pkg/authorizer/webhook"
	webhookmetrics "k8s.io/apiserver/plugin/pkg/authorizer/webhook/metrics"
	"k8s.io/client-go/rest"
)

// webhookMetrics are the metrics kube-apiserver keeps of its authorization webhooks: their
// evaluations and match conditions, not the generic client's request metrics.
type webhookMetrics struct {
	webhookmetrics.NoopRequestMetrics
	webhookmetrics.WebhookMetrics
	authorizationcel.MatcherMetrics
}

// newWebhook returns the webhook authorizer of an entry of type Webhook. Its SubjectAccessReview calls
// are retried as kube-apiserver retries them, and its failures decide as the failure policy says.
func newWebhook(a apiserver.AuthorizerConfiguration, compiler authorizationcel.Compiler) (*webhook.WebhookAuthorizer, error) {
	w := a.Webhook
	config, err := webhookClientConfig(w.ConnectionInfo)
	if err != nil {
		return nil, err
	}
	if w.Timeout.Duration != 0 {
		config.Timeout = w.Timeout.Duration
	}
	var decisionOnError authorizer.Decision
	switch w.FailurePolicy {
	case apiserver.FailurePolicyNoOpinion:
		decisionOnError = authorizer.DecisionNoOpinion
	case apiserver.FailurePolicyDeny:
		decisionOnError = authorizer.DecisionDeny
	default:
		return nil, fmt.Errorf("unknown failurePolicy %q", w.FailurePolicy)
	}
	authorizedTTL, unauthorizedTTL := w.AuthorizedTTL.Duration, w.UnauthorizedTTL.Duration
	if !w.CacheAuthorizedRequests {
		authorizedTTL = 0
	}
	if !w.CacheUnauthorizedRequests {
		unauthorizedTTL = 0
	}
	webhookmetrics.RegisterWebhookMetrics()
	authorizationcel.RegisterMetrics()
	return webhook.New(config, w.SubjectAccessReviewVersion, authorizedTTL, unauthorizedTTL,
		*genericoptions.DefaultAuthWebhookRetryBackoff(), decisionOnError, w.MatchConditions, a.Name,
		webhookMetrics{WebhookMetrics: webhookmetrics.NewWebhookMetrics(), MatcherMetrics: authorizationcel.NewMatcherMetrics()},
		compiler)
}

// webhookClientConfig is how to reach a webhook: the server and credentials of its kubeconfig, or
// those of the pod kapi runs in. Like the kubeconfig's, the in-cluster client is not rate limited:
// limiting belongs to the requests kapi serves.
func webhookClientConfig(info apiserver.WebhookConnectionInfo) (*rest.Config, error) {
	switch info.Type {
	case apiserver.AuthorizationWebhookConnectionInfoTypeKubeConfigFile:
		return webhookutil.LoadKubeconfig(*info.KubeConfigFile, nil)
	case apiserver.AuthorizationWebhookConnectionInfoTypeInCluster:
		config, err := rest.InClusterConfig()
		if err != nil {
			return nil, err
		}
		config.QPS = -1
		return config, nil
	default:
		return nil, fmt.Errorf("unknown connectionInfo type %q", info.Type)
	}
}
