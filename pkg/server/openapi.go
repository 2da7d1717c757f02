package server

import (
	"fmt"
	"strings"

	"github.com/emicklei/go-restful/v3"
	"k8s.io/apiserver/pkg/server"
	"k8s.io/kube-openapi/pkg/aggregator"
	"k8s.io/kube-openapi/pkg/builder3"
	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/common/restfuladapter"
)

// shareOpenAPI makes the core server's /openapi/v2 and /openapi/v3, which answer in front of the
// CustomResourceDefinition server, describe that server's apiextensions.k8s.io group and every CRD too,
// as kube-apiserver's aggregated OpenAPI does. Call it after PrepareRun, before the servers run: the
// CRD server's OpenAPI controllers read the fields set here when its post-start hook starts them.
func shareOpenAPI(core, extensions *server.GenericAPIServer, extensionsV3 *common.OpenAPIV3Config) error {
	if err := aggregator.MergeSpecsIgnorePathConflictRenamingDefinitionsAndParameters(core.StaticOpenAPISpec, extensions.StaticOpenAPISpec); err != nil {
		return fmt.Errorf("merging the apiextensions OpenAPI v2 spec: %w", err)
	}
	extensions.StaticOpenAPISpec = core.StaticOpenAPISpec
	extensions.OpenAPIVersionedService = core.OpenAPIVersionedService

	for _, ws := range extensions.Handler.GoRestfulContainer.RegisteredWebServices() {
		path := strings.TrimPrefix(ws.RootPath(), "/")
		if !strings.HasPrefix(path, "apis/") {
			continue
		}
		spec, err := builder3.BuildOpenAPISpecFromRoutes(restfuladapter.AdaptWebServices([]*restful.WebService{ws}), extensionsV3)
		if err != nil {
			return fmt.Errorf("building the OpenAPI v3 spec of %s: %w", path, err)
		}
		core.OpenAPIV3VersionedService.UpdateGroupVersion(path, spec)
	}
	extensions.OpenAPIV3VersionedService = core.OpenAPIV3VersionedService
	return nil
}
